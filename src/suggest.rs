//! "Did you mean …?": the nearest known name to a misspelt one.

/// The candidate closest to `word` by edit distance, if it is close enough to
/// be the likely intent (at most a third of the word's length, at least 1).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_ascii_lowercase();
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        // Each length changed costs an edit: too different to be close.
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= limit)
        .map(|candidate| {
            (
                distance(&word_lower, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, candidate)| (*d, *candidate))
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance where swapping two neighbouring characters costs one
/// edit (a common typo: `sevrice`).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for (i, row) in table.chunks_mut(width).enumerate() {
        if let Some(first) = row.first_mut() {
            *first = i;
        }
    }
    for (j, cell) in table.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = best;
        }
    }
    table[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_transpositions() {
        assert_eq!(distance("service", "service"), 0);
        assert_eq!(distance("servise", "service"), 1);
        assert_eq!(distance("sevrice", "service"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn nearest_prefers_the_closest_and_rejects_far_words() {
        let kinds = ["service", "sql", "search", "stream"];
        assert_eq!(nearest("servise", kinds), Some("service"));
        assert_eq!(nearest("sqll", kinds), Some("sql"));
        assert_eq!(nearest("banana", kinds), None);
    }
}
