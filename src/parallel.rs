//! Independent pieces of work (layout's searches and solves, the
//! picture's elements) shared among the machine's cores.
//!
//! Only work whose result does not depend on who computes it or when is
//! handed out, and results come back in the order of the work: a layout or a
//! picture is the same to the bit on one core or many.

use std::sync::atomic::{AtomicUsize, Ordering};

/// More threads than this gain little: the pieces handed out are few.
const MOST_THREADS: usize = 4;
/// `WB_THREADS` beyond this is taken as this.
const MOST_ASKED: usize = 64;

/// How many threads [`map`] runs at most: the cores, up to
/// [`MOST_THREADS`], or `WB_THREADS` if it is set to a positive number
/// (up to [`MOST_ASKED`]; anything else is ignored).
pub fn threads() -> usize {
    let wanted = std::env::var("WB_THREADS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .map(|n| n.min(MOST_ASKED));
    wanted.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(MOST_THREADS)
    })
}

/// `work` applied to every item, in the items' order. With `worth_it`
/// false (too little work to pay for starting threads), or one core, on
/// this thread.
pub fn map<T: Sync, R: Send>(items: &[T], worth_it: bool, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len());
    if !worth_it || threads < 2 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, work(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        // A helper the system refuses to start costs only time: this
        // thread takes whatever work is left.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, take).ok())
            .collect();
        let mut results = take();
        for helper in helpers {
            match helper.join() {
                Ok(done) => results.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order() {
        let items: Vec<u64> = (0..200).collect();
        let squares = map(&items, true, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert_eq!(map(&items, false, |n| n + 1)[199], 200);
        assert!(map(&[] as &[u64], true, |n| *n).is_empty());
    }
}
