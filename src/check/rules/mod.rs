//! One file per rule. Each starts with `declare_rule!` and the rule's
//! documentation in the sections *What it does*, *Why is this bad?*,
//! *Example*, *Use instead* and *References* (the guide, file and section).

mod analytics_on_primary;
mod bad_shard_key;
mod blob_in_database;
mod cache_without_store;
mod cache_without_ttl;
mod capacity_exceeded;
mod client_to_database;
mod front;
mod long_sync_chain;
mod missing_auth;
mod missing_cache;
mod missing_cdn;
mod missing_dead_letter_queue;
mod missing_idempotency;
mod missing_load_balancer;
mod missing_monitoring;
mod missing_rate_limit;
mod missing_requirements;
mod money_on_eventual_store;
mod orphan_component;
mod overengineered;
mod plaintext_public_flow;
mod queue_without_consumer;
mod queue_without_producer;
mod retry_without_backoff;
mod search_on_database;
mod shared_database;
mod single_point_of_failure;
mod stateful_service_behind_lb;
mod sync_cycle;
mod sync_slow_work;
mod unlabeled_flow;
mod unreachable_component;
mod websocket_without_pubsub;

use super::Rule;

/// Every rule, in the order of the catalog in PRODUCT.md.
pub static ALL: &[&dyn Rule] = &[
    &single_point_of_failure::SinglePointOfFailure,
    &missing_load_balancer::MissingLoadBalancer,
    &stateful_service_behind_lb::StatefulServiceBehindLb,
    &missing_cache::MissingCache,
    &cache_without_ttl::CacheWithoutTtl,
    &cache_without_store::CacheWithoutStore,
    &missing_cdn::MissingCdn,
    &unlabeled_flow::UnlabeledFlow,
    &orphan_component::OrphanComponent,
    &unreachable_component::UnreachableComponent,
    &client_to_database::ClientToDatabase,
    &sync_slow_work::SyncSlowWork,
    &long_sync_chain::LongSyncChain,
    &sync_cycle::SyncCycle,
    &queue_without_consumer::QueueWithoutConsumer,
    &queue_without_producer::QueueWithoutProducer,
    &missing_dead_letter_queue::MissingDeadLetterQueue,
    &shared_database::SharedDatabase,
    &blob_in_database::BlobInDatabase,
    &search_on_database::SearchOnDatabase,
    &analytics_on_primary::AnalyticsOnPrimary,
    &money_on_eventual_store::MoneyOnEventualStore,
    &bad_shard_key::BadShardKey,
    &missing_rate_limit::MissingRateLimit,
    &missing_auth::MissingAuth,
    &plaintext_public_flow::PlaintextPublicFlow,
    &missing_idempotency::MissingIdempotency,
    &retry_without_backoff::RetryWithoutBackoff,
    &missing_monitoring::MissingMonitoring,
    &websocket_without_pubsub::WebsocketWithoutPubsub,
    &overengineered::Overengineered,
    &missing_requirements::MissingRequirements,
    &capacity_exceeded::CapacityExceeded,
];

/// What every rule file uses.
mod prelude {
    pub use crate::check::context::{DATABASES, STORES, is_sync};
    pub use crate::check::{Check, Context, Finding};
    pub use crate::declare_rule;
    pub use crate::model::vocabulary;
    pub use crate::model::{FlowKind, Kind};
    pub use petgraph::graph::{EdgeIndex, NodeIndex};
}
