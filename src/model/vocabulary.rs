//! The words that say what a component or flow does when a design gives no
//! attribute or tag to go by: the checker's rules and the estimate read them.
//!
//! Rules prefer structure — kinds, technologies, attributes and `tags` — and
//! fall back on these words in ids, labels, technology names and tags. A word
//! of five letters or more also matches longer words that start with it
//! (`notif` matches `notifications`); shorter words must match whole.

/// Work too slow for a request path: messages to people, media processing,
/// reports.
pub const SLOW_WORK: &[&str] = &[
    "email",
    "emails",
    "mail",
    "mailer",
    "sendgrid",
    "ses",
    "sms",
    "twilio",
    "push",
    "apns",
    "fcm",
    "notif",
    "notify",
    "transcod",
    "encode",
    "encoding",
    "thumbnail",
    "resize",
    "analytics",
    "report",
    "export",
    "pdf",
];

/// Providers that deliver messages to people: email, SMS, mobile push (the
/// messaging part of [`SLOW_WORK`]; "push" alone is left out: a warehouse's
/// push API delivers no message).
pub const MESSAGING: &[&str] = &[
    "email", "emails", "mail", "mailer", "sendgrid", "ses", "sms", "twilio", "apns", "fcm",
    "notif", "notify",
];

/// Media and files: what a CDN should serve and a blob store should hold.
pub const MEDIA: &[&str] = &[
    "media",
    "image",
    "images",
    "img",
    "photo",
    "picture",
    "video",
    "videos",
    "audio",
    "file",
    "files",
    "thumbnail",
    "asset",
    "assets",
    "static",
    "attachment",
    "blob",
    "binary",
    "pdf",
    "avatar",
    // Not "segment": road segments, customer segments and a log's segments
    // outnumber video segments, which come with "video", "HLS" or "DASH".
    "hls",
    "dash",
];

/// Words that say a flow only carries a reference to media, not the bytes.
pub const METADATA: &[&str] = &[
    "metadata",
    "meta",
    "url",
    "urls",
    "path",
    "key",
    "keys",
    "id",
    "ids",
    "ref",
    "reference",
];

/// Words that say a flow carries what describes media, not the media itself.
/// Narrower than [`METADATA`]: a download "by id" or "by key" still moves
/// the bytes.
pub const DESCRIBES_MEDIA: &[&str] = &["metadata", "meta"];

/// Reading verbs.
pub const READ: &[&str] = &[
    "read", "reads", "get", "fetch", "lookup", "look", "query", "load", "select", "list", "view",
    "browse", "search", "find", "check", "resolve", "redirect", "download", "serve", "stream",
    "hit", "miss", "open", "subscrib", "watch", "listen",
];

/// Writing verbs.
pub const WRITE: &[&str] = &[
    "write",
    "writes",
    "insert",
    "update",
    "delete",
    "store",
    "save",
    "persist",
    "append",
    "put",
    "create",
    "upsert",
    "post",
    "set",
    "ingest",
    "upload",
    "record",
    "debit",
    "credit",
    "charge",
    "increment",
    "incr",
    "incrby",
    "decrement",
    "decr",
    "decrby",
    "reserv",
    "allocat",
    "checkout",
    "generat",
    "purchase",
    "submit",
    "publish",
    "enqueue",
    "send",
    "book",
];

/// Verbs of a consumer pulling from a queue or stream.
pub const CONSUME: &[&str] = &[
    "consum", "poll", "polls", "polling", "subscrib", "pull", "pulls", "dequeue", "dequeues",
    "read", "reads",
];

/// Last words of a store's name that say it keeps something about money
/// that is not money itself: "Payment stories", a social feed of who paid
/// whom, is eventual by nature (the guides' "likes, view counts,
/// recommendations").
pub const ABOUT_MONEY: &[&str] = &[
    "feed",
    "feeds",
    "stories",
    "story",
    "timeline",
    "timelines",
    "notifications",
    "activity",
    "analytics",
    "recommendations",
    "search",
    "index",
];

/// Money: what must live in a strongly consistent store.
pub const MONEY: &[&str] = &[
    "payment",
    "payments",
    "pay",
    "charge",
    "ledger",
    "balance",
    "wallet",
    "billing",
    "invoice",
    "money",
    "transfer",
    "refund",
    "transaction",
    "transactions",
    "card",
    "psp",
];

/// Writes that must not happen twice: money and orders.
pub const CRITICAL_WRITE: &[&str] = &[
    "payment",
    "payments",
    "pay",
    "charge",
    "ledger",
    "wallet",
    "transfer",
    "refund",
    "order",
    "orders",
    "checkout",
    "booking",
    "reserve",
    "reservation",
    "purchase",
    "psp",
];

/// A WebSocket: a connection a server keeps open to a client.
pub const WEBSOCKET: &[&str] = &["websocket", "websockets", "ws", "wss"];

/// A long poll or server-sent events: a request a server holds open until
/// it has something to send ("poll" alone is a short poll).
pub const LONG_POLL: &[&str] = &["longpoll", "sse"];

/// The same, as phrases a label may hold.
pub const LONG_POLL_PHRASES: &[&str] = &["long poll", "long-poll", "server-sent"];

/// Protocols of live audio and video, and of other traffic peers send to
/// an address handed out beforehand (by signaling or matchmaking): nothing
/// caches it, and no load balancer stands in its path.
pub const REAL_TIME_PROTOCOLS: &[&str] = &["udp", "rtp", "srtp", "webrtc", "stun", "turn", "turns"];

/// Results computed ahead and read by key: a trie of top suggestions per
/// prefix serves autocomplete with point lookups, not a text search.
pub const PRECOMPUTED_PREFIXES: &[&str] = &["trie", "tries", "prefix", "prefixes"];

/// Full-text search.
pub const SEARCH: &[&str] = &["search", "fulltext", "text", "keyword", "keywords", "like"];

/// Suggestions as the user types: a search, unless served from suggestions
/// computed ahead ([`PRECOMPUTED_PREFIXES`]).
pub const SUGGEST: &[&str] = &["autocomplete", "typeahead"];

/// Analytics and batch work.
pub const ANALYTICS: &[&str] = &[
    "analytics",
    "report",
    "reports",
    "reporting",
    "dashboard",
    "dashboards",
    "etl",
    "warehouse",
    "olap",
    "aggregate",
    "aggregation",
    "bi",
];

/// Words naming a client that the system's own staff use (an admin
/// console, an ops dashboard, moderators' tools): a few requests beside the
/// users'. "Staff" and "support" also name users ("restaurant staff",
/// "customer support chat").
pub const OPERATORS: &[&str] = &[
    "admin",
    "ops",
    "operator",
    "sre",
    "sres",
    "backoffice",
    "moderator",
];

/// Words that say a read goes to a copy, not the primary.
pub const REPLICA: &[&str] = &[
    "replica", "replicas", "follower", "cdc", "snapshot", "export", "stream",
];

/// Words of a read that goes past a cache ("read on miss", "fallback"): to
/// the store behind it, or to what computes its entries again.
pub const MISS: &[&str] = &["miss", "misses", "fallback", "fill", "backfill", "origin"];

/// Whether a label says its read goes past a cache: a whole word of
/// [`MISS`] ("original" is no origin).
pub fn says_miss(label: &str) -> bool {
    words(label).any(|w| MISS.contains(&w.as_str()))
}

/// Short-lived state whose source of truth is elsewhere (live connections,
/// the clock): a cache holding it needs no database behind it.
pub const EPHEMERAL: &[&str] = &[
    "presence",
    "session",
    "sessions",
    "registry",
    "connection",
    "connections",
    "counter",
    "counters",
    "lock",
    "locks",
    "ratelimit",
    "throttle",
    "online",
    "location",
    "locations",
    "position",
    "positions",
    "geo",
    "heartbeat",
    "heartbeats",
];

/// Shard keys with few values, or values that grow monotonically, so one
/// shard takes most of the load.
pub const BAD_SHARD_KEYS: &[&str] = &[
    "country",
    "region",
    "city",
    "state",
    "status",
    "type",
    "kind",
    "category",
    "gender",
    "language",
    "date",
    "day",
    "month",
    "year",
    "time",
    "timestamp",
    "created_at",
    "updated_at",
    "ts",
    "sequence",
    "auto_increment",
    "autoincrement",
    "counter",
    "boolean",
    "flag",
];

/// Technologies that are operated as redundant managed services: one
/// component of these is not a single point of failure.
pub const MANAGED: &[&str] = &[
    "s3",
    "gcs",
    "azure_blob",
    "r2",
    "glacier",
    "sqs",
    "sns",
    "dynamodb",
    "firestore",
    "cosmosdb",
    "bigquery",
    "snowflake",
    "cloudfront",
    "cloudflare",
    "akamai",
    "fastly",
    "route53",
    "alb",
    "nlb",
    "elb",
    "lambda",
    "kinesis",
    "spanner",
    "aurora",
    "rds",
    "elasticache",
    "algolia",
    "datadog",
    "cloudwatch",
    "apigee",
];

/// Whether `word` (lower case) is matched by an entry of `vocabulary`.
pub fn matches(vocabulary: &[&str], word: &str) -> bool {
    vocabulary
        .iter()
        .any(|entry| word == *entry || (entry.len() >= 5 && word.starts_with(entry)))
}

/// Words that start a fan-out with "out" after them ("fan out", "fans
/// out"): alone, a fan is a person ("enqueue fan, read position").
const FAN: &[&str] = &["fan", "fans", "fanning", "fanned"];

/// The phrases of `words` (lower case, in the text's order) that say a
/// fan-out: "fanout", "fan-out", "fans out".
pub fn fan_outs(words: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if word.starts_with("fanout") {
            found.push(word.clone());
        } else if FAN.contains(&word.as_str()) && words.get(i + 1).is_some_and(|next| next == "out")
        {
            found.push(format!("{word} out"));
        }
    }
    found
}

/// Whether a set of words (in any order) says a fan-out: "fanout", or a
/// form of "fan" with "out". A name's words come as a set, their order
/// lost, so "fan opt-out" would count; names seldom say that.
pub fn says_fan_out(words: &[String]) -> bool {
    let has = |w: &str| words.iter().any(|word| word == w);
    words.iter().any(|word| word.starts_with("fanout"))
        || (has("out") && FAN.iter().any(|fan| has(fan)))
}

/// The words of a text in lower case: its runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

/// The words of a text that may be verbs, in lower case: its words that
/// are not part of an identifier (`pull_request` names a thing, it does
/// not say "pull").
pub fn plain_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|word| !word.is_empty() && !word.contains('_'))
        .map(str::to_lowercase)
}

/// What a flow does with the data it reaches, as its label says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    /// The label says it reads and writes.
    Both,
    /// The label does not say.
    Unknown,
}

/// A label reads when its HTTP methods are `GET` or `HEAD`, and writes when
/// they are `POST`, `PUT`, `PATCH` or `DELETE` (both when it lists both);
/// without a method, its verbs decide the same way. The words that decided
/// come with the answer.
pub fn access_with_words(label: Option<&str>) -> (Access, Vec<String>) {
    let Some(label) = label else {
        return (Access::Unknown, Vec::new());
    };
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    for method in label.split(|c: char| !c.is_ascii_alphabetic()) {
        match method {
            "GET" | "HEAD" => reads.push(method.to_string()),
            "POST" | "PUT" | "PATCH" | "DELETE" => writes.push(method.to_string()),
            _ => {}
        }
    }
    // HTTP methods say it all; otherwise the verbs decide.
    if reads.is_empty() && writes.is_empty() {
        for word in plain_words(label) {
            match verb(&word) {
                Some(Access::Read) => reads.push(word),
                Some(Access::Write) => writes.push(word),
                _ => {}
            }
        }
    }
    match (reads.is_empty(), writes.is_empty()) {
        (false, true) => (Access::Read, reads),
        (true, false) => (Access::Write, writes),
        (false, false) => {
            reads.extend(writes);
            (Access::Both, reads)
        }
        (true, true) => (Access::Unknown, Vec::new()),
    }
}

/// Nouns and participles that start like a verb of [`READ`] or [`WRITE`]
/// and are none: "to every subscribed server" names who gets a message.
const NOT_VERBS: &[&str] = &[
    "server",
    "servers",
    "service",
    "services",
    "storage",
    "subscribed",
    "subscriber",
    "subscribers",
];

/// Whether a word reads or writes; a whole write verb wins over a reading
/// prefix ("checkout").
fn verb(word: &str) -> Option<Access> {
    if NOT_VERBS.contains(&word) {
        None
    } else if WRITE.contains(&word) {
        Some(Access::Write)
    } else if matches(READ, word) {
        Some(Access::Read)
    } else if matches(WRITE, word) {
        Some(Access::Write)
    } else {
        None
    }
}
