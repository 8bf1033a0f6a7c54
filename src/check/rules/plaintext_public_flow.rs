use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds flows to or from a client that use plain HTTP or unencrypted
    /// WebSockets: `protocol: http` or `ws`, or a label that says `HTTP` or
    /// `http://`.
    ///
    /// ## Why is this bad?
    /// Traffic from clients crosses networks nobody controls; without TLS,
    /// tokens, cookies and personal data can be read and changed on the way.
    /// Guide 002: "In transit: TLS 1.2+ everywhere (HTTPS, mTLS service
    /// mesh)", and its load-balancer checklist asks "Where does TLS
    /// terminate?"
    ///
    /// ## Example
    /// ```wb
    /// client users "Browser"
    /// lb     lb    "Load balancer" x2
    /// users -> lb: GET /login { protocol: http }
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client users "Browser"
    /// lb     lb    "Load balancer" x2
    /// users -> lb: GET /login { protocol: https }
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 20
    ///   "Security" and Part 5 "Load Balancing" checklist (line 355).
    /// - Guide 004, *High-Level Design*, section 3.8 (R-HTTPS).
    PlaintextPublicFlow, "plaintext-public-flow", Warning
}

const PLAINTEXT: &[&str] = &["http", "ws"];

impl Check for PlaintextPublicFlow {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (edge, flow, from, to) in cx.flows() {
            if cx.kind(from) != Some(Kind::Client) && cx.kind(to) != Some(Kind::Client) {
                continue;
            }
            let protocol = flow
                .attributes
                .get("protocol")
                .and_then(crate::model::Value::as_text)
                .map(str::to_lowercase);
            let by_protocol = protocol.as_deref().is_some_and(|p| PLAINTEXT.contains(&p));
            let label = flow.label.as_deref().unwrap_or("");
            let by_label = label.contains("http://")
                || label.contains("ws://")
                || label
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == "HTTP");
            if !(by_protocol || by_label) {
                continue;
            }
            findings.push(
                cx.at_flow(
                    &Self::META,
                    edge,
                    format!("`{}` and `{}` talk over plain HTTP across the internet", flow.from, flow.to),
                )
                .suggest("use `protocol: https` (or `wss` for WebSockets) and terminate TLS at the load balancer"),
            );
        }
    }
}
