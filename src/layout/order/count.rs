//! Counting crossings between the component layers.

use super::net::Net;

/// Crossings between all pairs of adjacent layers, counted as inversions
/// with a Fenwick tree.
pub(super) fn crossings(net: &Net, layers: &[Vec<usize>], position: &[f64]) -> usize {
    let mut total = 0;
    let mut lower_ends = Vec::new();
    for (layer, units) in layers.iter().enumerate().step_by(net.stride) {
        let width = layers.get(layer + net.stride).map_or(0, Vec::len) + 1;
        let mut tree = vec![0usize; width + 1];
        let mut seen = 0;
        // Edges by their upper end's position, then their lower end's.
        for unit in units {
            lower_ends.clear();
            lower_ends.extend(
                net.down
                    .of(*unit)
                    .iter()
                    .map(|n| position.get(*n).copied().unwrap_or(0.0) as usize),
            );
            lower_ends.sort_unstable();
            for lower in &lower_ends {
                // Edges seen so far that end to the right of this one cross it.
                let mut at = lower + 1;
                let mut not_greater = 0;
                while at > 0 {
                    not_greater += tree.get(at).copied().unwrap_or(0);
                    at &= at - 1;
                }
                total += seen - not_greater;
                seen += 1;
                let mut at = lower + 1;
                while at <= width {
                    if let Some(slot) = tree.get_mut(at) {
                        *slot += 1;
                    }
                    at += at & at.wrapping_neg();
                }
            }
        }
    }
    total
}
