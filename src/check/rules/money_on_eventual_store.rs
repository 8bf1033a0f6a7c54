use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds payments, ledgers, balances or wallets kept in an eventually
    /// consistent store: a NoSQL store or a cache whose tags, id or label
    /// speak of money, unless it declares `consistency: strong` (or
    /// `linearizable`, `serializable`). A store whose name ends in a word
    /// for derived records (a feed, stories, a timeline, notifications,
    /// activity, analytics, recommendations, a search index) keeps
    /// something about money, not money: "Payment stories" may be eventual.
    ///
    /// ## Why is this bad?
    /// Eventually consistent stores can lose or reorder concurrent writes and
    /// serve stale balances; with money that means double spending and books
    /// that do not balance. Guide 000: "Any money movement (debits, credits,
    /// transfers) must use ACID … Never let an interviewer catch you putting
    /// payment data in Cassandra without explaining compensating
    /// transactions." Guide 002: "Strong: inventory, wallet, booking.
    /// Eventual: likes, view counts, recommendations."
    ///
    /// ## Example
    /// ```wb
    /// service   wallet   "Wallet service" x2
    /// cassandra balances "Balances" x3 { tags: [ledger] }
    /// wallet -> balances: debit and credit
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// service  wallet   "Wallet service" x2
    /// postgres balances "Balances" { replicas: 2, standby: true, tags: [ledger] }
    /// wallet -> balances: debit and credit in one transaction
    /// ```
    ///
    /// ## References
    /// - Guide 000, *System Design Interview Guide*, module 3 "SQL vs NoSQL"
    ///   and module 9 "Payment Gateway".
    /// - Guide 002, *System Design Interview Complete Guide*, Part 28 and
    ///   Part 25 "Payments" ("Strong consistency for balances").
    /// - Guide 004, *High-Level Design*, section 3.9 (R-ACID-FOR-MONEY).
    MoneyOnEventualStore, "money-on-eventual-store", Error
}

const STRONG: &[&str] = &["strong", "linearizable", "serializable", "strict"];

impl Check for MoneyOnEventualStore {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components() {
            let eventual_kind =
                matches!(component.kind, Kind::Nosql) || component.is_cache_of_record();
            let strong = component
                .attribute("consistency")
                .and_then(crate::model::Value::as_text)
                .is_some_and(|c| STRONG.contains(&c.to_lowercase().as_str()));
            let last_word = component
                .title()
                .rsplit(|c: char| !c.is_alphanumeric())
                .find(|word| !word.is_empty())
                .map(str::to_lowercase);
            let about_money =
                last_word.is_some_and(|w| vocabulary::ABOUT_MONEY.contains(&w.as_str()));
            if !eventual_kind || strong || about_money || !cx.words(node).any(vocabulary::MONEY) {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!("{} keeps money in an eventually consistent store", cx.name(node)),
                )
                .suggest(format!(
                    "keep balances and ledgers in an ACID store (`postgres {}`), or declare `consistency: strong` if the store guarantees it",
                    component.id
                )),
            );
        }
    }
}
