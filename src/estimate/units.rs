//! Numbers in the units people say them in: `11.6K`, `1.8 TB`, `46 Mbps`.
//! Sizes are decimal (1 KB = 1,000 bytes), as the guides count.

/// `value` to three significant digits with a K, M, B or T suffix:
/// `11.6K`, `193`, `0.05`.
pub fn count(value: f64) -> String {
    scaled(
        value,
        &[(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")],
        "",
    )
}

/// Requests or messages per second: `11.6K/s`.
pub fn rate(per_second: f64) -> String {
    format!("{}/s", count(per_second))
}

/// A number of bytes: `500 B`, `1.8 TB`.
pub fn bytes(value: f64) -> String {
    scaled(
        value,
        &[
            (1e18, " EB"),
            (1e15, " PB"),
            (1e12, " TB"),
            (1e9, " GB"),
            (1e6, " MB"),
            (1e3, " KB"),
        ],
        " B",
    )
}

/// Bytes per second, with the bits per second a network link is sold in:
/// `5.8 MB/s (46 Mbps)`.
pub fn bandwidth(bytes_per_second: f64) -> String {
    let bits = scaled(
        bytes_per_second * 8.0,
        &[
            (1e15, " Pbps"),
            (1e12, " Tbps"),
            (1e9, " Gbps"),
            (1e6, " Mbps"),
            (1e3, " Kbps"),
        ],
        " bps",
    );
    format!("{}/s ({bits})", bytes(bytes_per_second))
}

/// A fraction as a percentage: `0.8` → `80%`, `0.0123` → `1.2%`, and
/// `<0.1%` below that.
pub fn percent(fraction: f64) -> String {
    let value = fraction * 100.0;
    if !value.is_finite() {
        "too large to compute".into()
    } else if value > 100.0 && value < 100.5 {
        // Rounded, it would read as just full beside "over capacity".
        ">100%".into()
    } else if value >= 10.0 {
        format!("{value:.0}%")
    } else if value >= 0.1 {
        format!("{}%", format!("{value:.1}").trim_end_matches(".0"))
    } else if value > 0.0 {
        "<0.1%".into()
    } else {
        "0%".into()
    }
}

/// `value` divided by the largest unit it reaches, to three significant
/// digits, with that unit's suffix (or `base` below the smallest unit).
fn scaled(value: f64, units: &[(f64, &str)], base: &str) -> String {
    if !value.is_finite() {
        return "too large to compute".into();
    }
    if let Some((largest, suffix)) = units.first()
        && value.abs() >= largest * 1e6
    {
        return format!("{:.2e}{suffix}", value / largest);
    }
    for (index, (size, suffix)) in units.iter().enumerate() {
        if value.abs() >= *size {
            let text = significant(value / size);
            // 999.96K rounds to 1000K: say 1M instead.
            if text.trim_start_matches('-').len() >= 4
                && !text.contains('.')
                && index > 0
                && let Some((bigger, bigger_suffix)) = units.get(index - 1)
            {
                return format!("{}{bigger_suffix}", significant(value / bigger));
            }
            return format!("{text}{suffix}");
        }
    }
    format!("{}{base}", significant(value))
}

/// Three significant digits, without trailing zeros; whole numbers of
/// hundreds and more are not cut (`193`, `1000`).
fn significant(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let magnitude = value.abs().log10().floor();
    let decimals = (2.0 - magnitude).clamp(0.0, 6.0) as usize;
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_say_them() {
        assert_eq!(count(11_574.0), "11.6K");
        assert_eq!(count(192.9), "193");
        assert_eq!(count(0.05), "0.05");
        assert_eq!(count(1.0), "1");
        assert_eq!(count(999_960.0), "1M");
        assert_eq!(count(2e9), "2B");
        assert_eq!(rate(38_580.0), "38.6K/s");
        assert_eq!(bytes(1.826e12), "1.83 TB");
        assert_eq!(bytes(500.0), "500 B");
        assert_eq!(bandwidth(5_787_000.0), "5.79 MB/s (46.3 Mbps)");
        assert_eq!(percent(0.8), "80%");
        assert_eq!(percent(0.0476), "4.8%");
        assert_eq!(percent(0.00001), "<0.1%");
        assert_eq!(percent(43.3), "4330%");
        assert_eq!(percent(1.003), ">100%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(count(f64::INFINITY), "too large to compute");
        assert_eq!(count(5e20), "5.00e8T");
    }
}
