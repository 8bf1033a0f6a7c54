use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds full-text search served by a SQL or NoSQL database: a flow into
    /// the database whose label or tags speak of search, keywords,
    /// autocomplete or typeahead, or a database tagged `search`.
    /// Autocomplete from a store of suggestions computed ahead (a trie, top
    /// results per prefix, as the flow or the store's name says) is a read
    /// by key, and left alone; a text search is not.
    ///
    /// ## Why is this bad?
    /// `LIKE '%term%'` scans every row; it cannot rank results, stem words or
    /// tolerate typos, and it loads the primary with the heaviest queries.
    /// Guide 002: "SQL LIKE '%foo%' full table scan — unusable at scale.
    /// Inverted indexes power fast full-text search", and its quick
    /// reference pairs "Full-text search" with "Elasticsearch / OpenSearch".
    ///
    /// ## Example
    /// ```wb
    /// client   users    "Users"
    /// service  api      "Catalog API" x2
    /// postgres products "Products" { replicas: 2 }
    /// users -> api: GET /search?q=
    /// api -> products: search by keyword
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client        users    "Users"
    /// service       api      "Catalog API" x2
    /// elasticsearch index    "Product index" x3
    /// postgres      products "Products" { replicas: 2 }
    /// worker        indexer  "Indexer"
    /// users -> api: GET /search?q=
    /// api -> index: search by keyword
    /// products ~> indexer: change events
    /// indexer -> index: update documents
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 23
    ///   "Search", line 1829; quick reference table.
    /// - Guide 004, *High-Level Design*, note 35 "Search" and section 3.9
    ///   (R-SEARCH-ENGINE).
    SearchOnDatabase, "search-on-database", Warning
}

impl Check for SearchOnDatabase {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components_of(DATABASES) {
            let holds_prefixes = cx.words(node).any(vocabulary::PRECOMPUTED_PREFIXES);
            let searched_flows: Vec<_> = cx
                .incoming(node)
                .filter(|(edge, _, _)| {
                    let words = cx.flow_words(*edge);
                    let text_search = words.any(vocabulary::SEARCH);
                    // Suggestions read by prefix from a trie computed ahead
                    // are point lookups; a text search is one wherever it goes.
                    let suggestions = words.any(vocabulary::SUGGEST)
                        && !holds_prefixes
                        && !words.any(vocabulary::PRECOMPUTED_PREFIXES);
                    (text_search || suggestions) && !cx.is_write(*edge)
                })
                .collect();
            if searched_flows.is_empty() && !cx.tagged(node, &["search"]) {
                continue;
            }
            let fix = format!(
                "serve search from a search index (`elasticsearch search`) fed from `{}` by change events",
                component.id
            );
            match searched_flows.first() {
                Some((edge, _, from)) => findings.push(
                    cx.at_flow(
                        &Self::META,
                        *edge,
                        format!(
                            "`{}` runs full-text search on {}",
                            cx.id(*from),
                            cx.name(node)
                        ),
                    )
                    .suggest(fix),
                ),
                None => findings.push(
                    cx.at_component(
                        &Self::META,
                        node,
                        format!("{} is tagged to serve search", cx.name(node)),
                    )
                    .suggest(fix),
                ),
            }
        }
    }
}
