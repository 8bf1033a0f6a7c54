//! Component kinds, the words that name them, and the technologies that imply
//! one (`redis` → cache, `postgres` → sql, …).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Client,
    Dns,
    Cdn,
    Lb,
    Gateway,
    Service,
    Worker,
    Cache,
    Sql,
    Nosql,
    Queue,
    Stream,
    Pubsub,
    Blob,
    Search,
    Warehouse,
    Monitoring,
    Coordination,
    External,
}

impl Kind {
    pub const ALL: [Kind; 19] = [
        Kind::Client,
        Kind::Dns,
        Kind::Cdn,
        Kind::Lb,
        Kind::Gateway,
        Kind::Service,
        Kind::Worker,
        Kind::Cache,
        Kind::Sql,
        Kind::Nosql,
        Kind::Queue,
        Kind::Stream,
        Kind::Pubsub,
        Kind::Blob,
        Kind::Search,
        Kind::Warehouse,
        Kind::Monitoring,
        Kind::Coordination,
        Kind::External,
    ];

    /// The keyword that declares a component of this kind.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Client => "client",
            Kind::Dns => "dns",
            Kind::Cdn => "cdn",
            Kind::Lb => "lb",
            Kind::Gateway => "gateway",
            Kind::Service => "service",
            Kind::Worker => "worker",
            Kind::Cache => "cache",
            Kind::Sql => "sql",
            Kind::Nosql => "nosql",
            Kind::Queue => "queue",
            Kind::Stream => "stream",
            Kind::Pubsub => "pubsub",
            Kind::Blob => "blob",
            Kind::Search => "search",
            Kind::Warehouse => "warehouse",
            Kind::Monitoring => "monitoring",
            Kind::Coordination => "coordination",
            Kind::External => "external",
        }
    }

    /// Queues, streams and topics: what carries messages.
    pub fn is_queue(self) -> bool {
        matches!(self, Kind::Queue | Kind::Stream | Kind::Pubsub)
    }

    /// Databases and other stores that keep data durably.
    pub fn is_datastore(self) -> bool {
        matches!(
            self,
            Kind::Sql | Kind::Nosql | Kind::Blob | Kind::Search | Kind::Warehouse
        )
    }
}

/// A product or project whose name can stand in for a kind.
#[derive(Debug, PartialEq, Eq)]
pub struct Technology {
    /// The keyword, in lower case.
    pub keyword: &'static str,
    /// How the product writes its own name.
    pub name: &'static str,
    pub kind: Kind,
}

macro_rules! technologies {
    ($($keyword:literal => $name:literal, $kind:ident;)*) => {
        pub const TECHNOLOGIES: &[Technology] = &[
            $(Technology { keyword: $keyword, name: $name, kind: Kind::$kind },)*
        ];
    };
}

technologies! {
    // caches
    "redis" => "Redis", Cache;
    "memcached" => "Memcached", Cache;
    "valkey" => "Valkey", Cache;
    "elasticache" => "ElastiCache", Cache;
    "hazelcast" => "Hazelcast", Cache;
    "bloom_filter" => "Bloom filter", Cache;
    "varnish" => "Varnish", Cache;
    // relational databases
    "postgres" => "PostgreSQL", Sql;
    "postgresql" => "PostgreSQL", Sql;
    "mysql" => "MySQL", Sql;
    "mariadb" => "MariaDB", Sql;
    "sqlite" => "SQLite", Sql;
    "sqlserver" => "SQL Server", Sql;
    "oracle" => "Oracle", Sql;
    "aurora" => "Aurora", Sql;
    "rds" => "RDS", Sql;
    "cockroachdb" => "CockroachDB", Sql;
    "spanner" => "Spanner", Sql;
    "tidb" => "TiDB", Sql;
    "yugabytedb" => "YugabyteDB", Sql;
    "vitess" => "Vitess", Sql;
    "timescaledb" => "TimescaleDB", Sql;
    // NoSQL stores
    "dynamodb" => "DynamoDB", Nosql;
    "mongodb" => "MongoDB", Nosql;
    "cassandra" => "Cassandra", Nosql;
    "scylladb" => "ScyllaDB", Nosql;
    "hbase" => "HBase", Nosql;
    "bigtable" => "Bigtable", Nosql;
    "riak" => "Riak", Nosql;
    "couchdb" => "CouchDB", Nosql;
    "cosmosdb" => "Cosmos DB", Nosql;
    "firestore" => "Firestore", Nosql;
    "neo4j" => "Neo4j", Nosql;
    "neptune" => "Neptune", Nosql;
    "arangodb" => "ArangoDB", Nosql;
    "influxdb" => "InfluxDB", Nosql;
    "eventstoredb" => "EventStoreDB", Nosql;
    // warehouses
    "redshift" => "Redshift", Warehouse;
    "bigquery" => "BigQuery", Warehouse;
    "snowflake" => "Snowflake", Warehouse;
    "clickhouse" => "ClickHouse", Warehouse;
    "druid" => "Druid", Warehouse;
    // queues, streams, pub/sub
    "rabbitmq" => "RabbitMQ", Queue;
    "sqs" => "SQS", Queue;
    "activemq" => "ActiveMQ", Queue;
    "celery" => "Celery", Queue;
    "kafka" => "Kafka", Stream;
    "kinesis" => "Kinesis", Stream;
    "pulsar" => "Pulsar", Stream;
    "redpanda" => "Redpanda", Stream;
    "nats" => "NATS", Pubsub;
    "sns" => "SNS", Pubsub;
    // blob stores
    "s3" => "S3", Blob;
    "gcs" => "GCS", Blob;
    "azure_blob" => "Azure Blob Storage", Blob;
    "minio" => "MinIO", Blob;
    "r2" => "R2", Blob;
    "glacier" => "Glacier", Blob;
    "hdfs" => "HDFS", Blob;
    // search
    "elasticsearch" => "Elasticsearch", Search;
    "opensearch" => "OpenSearch", Search;
    "solr" => "Solr", Search;
    "algolia" => "Algolia", Search;
    "typesense" => "Typesense", Search;
    "meilisearch" => "Meilisearch", Search;
    // edge
    "cloudfront" => "CloudFront", Cdn;
    "cloudflare" => "Cloudflare", Cdn;
    "akamai" => "Akamai", Cdn;
    "fastly" => "Fastly", Cdn;
    "route53" => "Route 53", Dns;
    "nginx" => "NGINX", Lb;
    "haproxy" => "HAProxy", Lb;
    "alb" => "ALB", Lb;
    "nlb" => "NLB", Lb;
    "elb" => "ELB", Lb;
    "envoy" => "Envoy", Lb;
    "traefik" => "Traefik", Lb;
    "caddy" => "Caddy", Lb;
    "kong" => "Kong", Gateway;
    "apigee" => "Apigee", Gateway;
    // processing
    "flink" => "Flink", Worker;
    "spark" => "Spark", Worker;
    "lambda" => "Lambda", Worker;
    // monitoring
    "prometheus" => "Prometheus", Monitoring;
    "grafana" => "Grafana", Monitoring;
    "datadog" => "Datadog", Monitoring;
    "cloudwatch" => "CloudWatch", Monitoring;
    "jaeger" => "Jaeger", Monitoring;
    "zipkin" => "Zipkin", Monitoring;
    "loki" => "Loki", Monitoring;
    "splunk" => "Splunk", Monitoring;
    "opentelemetry" => "OpenTelemetry", Monitoring;
    "pagerduty" => "PagerDuty", Monitoring;
    // coordination
    "zookeeper" => "ZooKeeper", Coordination;
    "etcd" => "etcd", Coordination;
    "consul" => "Consul", Coordination;
    // third parties
    "stripe" => "Stripe", External;
    "paypal" => "PayPal", External;
    "adyen" => "Adyen", External;
    "twilio" => "Twilio", External;
    "sendgrid" => "SendGrid", External;
    "ses" => "SES", External;
    "fcm" => "FCM", External;
    "apns" => "APNs", External;
}

/// Other words for a kind, so designs read naturally.
pub const KIND_ALIASES: &[(&str, Kind)] = &[
    ("user", Kind::Client),
    ("browser", Kind::Client),
    ("mobile", Kind::Client),
    ("load_balancer", Kind::Lb),
    ("proxy", Kind::Lb),
    ("api_gateway", Kind::Gateway),
    ("app", Kind::Service),
    ("server", Kind::Service),
    ("consumer", Kind::Worker),
    ("job", Kind::Worker),
    ("scheduler", Kind::Worker),
    ("cron", Kind::Worker),
    ("database", Kind::Sql),
    ("db", Kind::Sql),
    ("kv", Kind::Nosql),
    ("document", Kind::Nosql),
    ("topic", Kind::Stream),
    ("object_store", Kind::Blob),
    ("search_index", Kind::Search),
    ("olap", Kind::Warehouse),
    ("third_party", Kind::External),
];

/// What a word in kind position means: a kind, and the technology if the word
/// names one. Case does not matter.
pub fn resolve(word: &str) -> Option<(Kind, Option<&'static Technology>)> {
    let word = word.to_ascii_lowercase();
    if let Some(kind) = Kind::ALL.iter().find(|k| k.keyword() == word) {
        return Some((*kind, None));
    }
    if let Some((_, kind)) = KIND_ALIASES.iter().find(|(alias, _)| *alias == word) {
        return Some((*kind, None));
    }
    TECHNOLOGIES
        .iter()
        .find(|t| t.keyword == word)
        .map(|t| (t.kind, Some(t)))
}

/// Every word accepted in kind position, for "did you mean" suggestions.
pub fn all_words() -> impl Iterator<Item = &'static str> {
    Kind::ALL
        .iter()
        .map(|k| k.keyword())
        .chain(KIND_ALIASES.iter().map(|(alias, _)| *alias))
        .chain(TECHNOLOGIES.iter().map(|t| t.keyword))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technologies_imply_their_kind() {
        assert_eq!(resolve("redis").map(|r| r.0), Some(Kind::Cache));
        assert_eq!(resolve("Postgres").map(|r| r.0), Some(Kind::Sql));
        assert_eq!(resolve("kafka").map(|r| r.0), Some(Kind::Stream));
        assert_eq!(resolve("s3").map(|r| r.0), Some(Kind::Blob));
        assert_eq!(resolve("sevice"), None);
    }

    #[test]
    fn at_least_sixty_technologies_and_no_word_means_two_things() {
        assert!(TECHNOLOGIES.len() >= 60, "{}", TECHNOLOGIES.len());
        let mut words: Vec<&str> = all_words().collect();
        let total = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), total, "a kind word is listed twice");
    }
}
