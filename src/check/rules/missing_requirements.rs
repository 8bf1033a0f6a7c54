use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Fires when a design has components but no `scale` block: no users,
    /// request rates, read/write ratio or data sizes.
    ///
    /// ## Why is this bad?
    /// Every choice in a design — a cache, a shard count, a queue — is
    /// justified by numbers; without them a reviewer cannot tell a sound
    /// design from an over- or under-built one, and the estimates cannot be
    /// made. Guide 000's quiz names "Skipped the clarification and estimation
    /// phase — jumped to drawing" as the mistake; every guide starts with
    /// requirements and back-of-the-envelope numbers.
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// service api   "API" x2
    /// users -> api: HTTPS
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// scale {
    ///   users: 10M
    ///   requests: 20/day
    ///   read_write: 10:1
    ///   peak: 3x
    /// }
    /// client  users "Users"
    /// service api   "API" x2
    /// users -> api: HTTPS
    /// ```
    ///
    /// ## References
    /// - Guide 000, *System Design Interview Guide*, quiz question 10 and
    ///   module 7, steps 1–2.
    /// - Guide 002, *System Design Interview Complete Guide*, Part 2 "The
    ///   Answer Framework" and Part 3 "Estimation".
    /// - Guide 004, *High-Level Design*, note 2 "The framework".
    MissingRequirements, "missing-requirements", Info
}

impl Check for MissingRequirements {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        if cx.model.scale.is_some() || cx.components().next().is_none() {
            return;
        }
        findings.push(
            cx.at_design(&Self::META, "the design states no requirements: there is no `scale` block")
                .suggest("add `scale { users: …, requests: …/day, read_write: …:1, peak: 3x }` with the numbers the design is built for"),
        );
    }
}
