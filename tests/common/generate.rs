//! Deterministic generated designs for benchmarks: tiers of clients, load
//! balancers, services, caches, databases, queues and workers, in groups of
//! fifty, with about three flows per component.

/// A design of `components` components.
#[allow(dead_code)]
pub fn design(components: usize) -> String {
    seeded(components, 0x9e37_79b9_7f4a_7c15)
}

/// A design of `components` components, shaped by `seed`.
pub fn seeded(components: usize, seed: u64) -> String {
    const KINDS: [&str; 8] = [
        "client", "lb", "service", "service", "redis", "postgres", "kafka", "worker",
    ];
    let mut text = String::with_capacity(components * 120);
    text.push_str("design \"Generated\" { direction: down }\n");
    text.push_str("scale { users: 10M, requests: 20/day, read_write: 10:1, peak: 3x }\n\n");
    let mut seed: u64 = seed.max(1);
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

/// An architecture of `components` components in zones of fifty: clients
/// behind a CDN and a load balancer, services calling services, caches and
/// databases, queues with workers, and a few calls between zones. About one
/// and a half flows per component, as real designs have.
#[allow(dead_code)]
pub fn architecture(components: usize, seed: u64) -> String {
    architecture_with(components, seed, 0)
}

/// [`architecture`] where each service also makes `extra_calls` more calls
/// to services, caches and databases of its zone: 5 gives about three flows
/// per component (10,000 components, 30,000 flows).
#[allow(dead_code)]
pub fn architecture_with(components: usize, seed: u64, extra_calls: usize) -> String {
    const ZONE: usize = 50;
    let mut text = String::with_capacity(components * 100);
    text.push_str("design \"Generated architecture\" { direction: down }\n");
    text.push_str("scale { users: 10M, requests: 20/day, read_write: 10:1, peak: 3x }\n\n");
    let mut state = seed.max(1);
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    let kind = |slot: usize| match slot {
        0 | 1 => "client",
        2 => "cdn",
        3 => "lb",
        4..=19 => "service",
        20..=27 => "redis",
        28..=31 => "kafka",
        32..=39 => "worker",
        _ => "postgres",
    };
    let zones = components.div_ceil(ZONE);
    for zone in 0..zones {
        text.push_str(&format!("group zone{zone} \"Zone {zone}\" {{\n"));
        for i in zone * ZONE..((zone + 1) * ZONE).min(components) {
            text.push_str(&format!("  {} c{i} \"Component {i}\" x2\n", kind(i % ZONE)));
        }
        text.push_str("}\n");
    }
    let exists = |i: usize| i < components;
    for zone in 0..zones {
        let at = |slot: usize| zone * ZONE + slot;
        let mut flow = |from: usize, arrow: &str, to: usize, label: &str| {
            if exists(from) && exists(to) && from != to {
                text.push_str(&format!("c{from} {arrow} c{to}: {label}\n"));
            }
        };
        for client in 0..2 {
            flow(at(client), "->", at(2), "static assets");
            flow(at(client), "->", at(3), "API calls");
        }
        for service in 4..8 {
            flow(at(3), "->", at(service), "route");
        }
        for service in 4..20 {
            let callee = service + 1 + next(4);
            if callee < 20 {
                flow(at(service), "->", at(callee), "call");
            }
            flow(at(service), "->", at(20 + next(8)), "read cache");
            flow(at(service), "->", at(40 + next(10)), "read and write");
            if next(3) == 0 {
                flow(at(service), "~>", at(28 + next(4)), "event");
            }
        }
        for service in 4..20 {
            for call in 0..extra_calls {
                // Calls go down the zone's tiers (a later service, a cache,
                // a database), as a request does, so the zone stays shallow.
                let callee = match call % 3 {
                    0 if service < 19 => service + 1 + next(19 - service),
                    0 | 1 => 20 + next(8),
                    _ => 40 + next(10),
                };
                flow(at(service), "->", at(callee), "more");
            }
        }
        for queue in 28..32 {
            flow(at(queue), "~>", at(32 + 2 * (queue - 28)), "consume");
            flow(at(queue), "~>", at(33 + 2 * (queue - 28)), "consume");
        }
        for worker in 32..40 {
            flow(at(worker), "->", at(40 + next(10)), "write");
        }
        if zone + 1 < zones {
            flow(
                at(4 + next(16)),
                "->",
                (zone + 1) * ZONE + 4 + next(16),
                "cross-zone call",
            );
        }
    }
    text
}

/// Designs shaped to find work that grows faster than the design: each
/// once took quadratic time or worse somewhere in the pipeline. `size` is
/// about the number of components.
#[allow(dead_code)]
pub fn adversarial(size: usize) -> Vec<(&'static str, String)> {
    let services = |prefix: &str, count: usize| -> String {
        (0..count)
            .map(|i| format!("service {prefix}{i}\n"))
            .collect()
    };
    let chain = |prefix: &str, count: usize| -> String {
        let ids: Vec<String> = (0..count).map(|i| format!("{prefix}{i}")).collect();
        format!("{}\n", ids.join(" -> "))
    };
    let clients: Vec<String> = (0..size).map(|i| format!("c{i}")).collect();
    let clients = clients.join(", ");
    let hubs = format!(
        "{}lb hub1\nlb hub2\n[{clients}] -> hub1\n[{clients}] -> hub2\n",
        (0..size)
            .map(|i| format!("client c{i}\n"))
            .collect::<String>()
    );
    let groups: String = (0..size / 2)
        .map(|i| format!("group g{i} {{\n  service a{i}\n  postgres b{i}\n}}\na{i} -> b{i}\n"))
        .collect::<String>()
        + &chain("a", size / 2);
    let nested: String = (0..size)
        .map(|i| format!("group g{i} {{ service s{i}\n  g{} }}\n", i + 1))
        .collect::<String>()
        + &format!("group g{size} {{}}\n");
    let removals = format!(
        "{}{}{}stage \"gone\" {{\n{}}}\n",
        services("s", size),
        chain("s", size),
        (1..size)
            .map(|i| format!("s{i} -> s0\n"))
            .collect::<String>(),
        (0..size)
            .map(|i| format!("  remove s{i}\n"))
            .collect::<String>()
    );
    let undeclared = services("component", size)
        + &(0..size)
            .map(|i| format!("component{i} -> missing{i}\n"))
            .collect::<String>();
    let stages = services("s", size)
        + &chain("s", size)
        + &(0..size / 50)
            .map(|i| format!("stage \"s{i}\" {{}}\n"))
            .collect::<String>();
    let long = size / 10;
    let long_flows = services("s", long)
        + &chain("s", long)
        + &(0..long / 3)
            .map(|i| format!("s0 -> s{}: long {i}\n", long - 1))
            .collect::<String>();
    vec![
        ("two hubs", hubs),
        ("groups", groups),
        ("nested groups", nested),
        ("removals", removals),
        ("undeclared names", undeclared),
        ("stages", stages),
        ("long flows", long_flows),
    ]
}
