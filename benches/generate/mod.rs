//! Deterministic generated designs for benchmarks: tiers of clients, load
//! balancers, services, caches, databases, queues and workers, in groups of
//! fifty, with about three flows per component.

/// A design of `components` components.
pub fn design(components: usize) -> String {
    const KINDS: [&str; 8] = [
        "client", "lb", "service", "service", "redis", "postgres", "kafka", "worker",
    ];
    let mut text = String::with_capacity(components * 120);
    text.push_str("design \"Generated\" { direction: down }\n");
    text.push_str("scale { users: 10M, requests: 20/day, read_write: 10:1, peak: 3x }\n\n");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound.max(1) as u64) as usize
    };
    for group in 0..components.div_ceil(50) {
        text.push_str(&format!("group zone{group} \"Zone {group}\" {{\n"));
        for i in group * 50..((group + 1) * 50).min(components) {
            let kind = KINDS[i % KINDS.len()];
            text.push_str(&format!(
                "  {kind} c{i} \"Component {i}\" x{} {{ tags: [t{}] }}\n",
                1 + i % 3,
                i % 7
            ));
        }
        text.push_str("}\n");
    }
    for i in 1..components {
        for _ in 0..3 {
            let to = next(components);
            if to != i {
                let arrow = if to % 4 == 0 { "~>" } else { "->" };
                text.push_str(&format!("c{i} {arrow} c{to}: call {to}\n"));
            }
        }
    }
    text.push_str("\nflow \"Walk\" {\n  c1 -> c2\n}\nc1 -> c2: walked\n");
    text
}
