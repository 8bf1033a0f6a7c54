//! Colours of the light and dark themes.

use crate::model::Kind;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

pub struct Palette {
    pub background: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub edge: &'static str,
    pub accent: &'static str,
    pub group_fill: [&'static str; 3],
    pub group_stroke: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
    /// A note's paper and border.
    pub note_fill: &'static str,
    pub note_stroke: &'static str,
}

pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Light => Palette {
            background: "#ffffff",
            text: "#1f2937",
            muted: "#6b7280",
            edge: "#64748b",
            accent: "#e11d48",
            group_fill: ["#f8fafc", "#f1f5f9", "#e8edf3"],
            group_stroke: "#cbd5e1",
            error: "#dc2626",
            warning: "#d97706",
            info: "#2563eb",
            note_fill: "#fffbeb",
            note_stroke: "#f59e0b",
        },
        Theme::Dark => Palette {
            background: "#0f172a",
            text: "#e2e8f0",
            muted: "#94a3b8",
            edge: "#94a3b8",
            accent: "#fb7185",
            group_fill: ["#131c31", "#18233a", "#1d2a44"],
            group_stroke: "#334155",
            error: "#f87171",
            warning: "#fbbf24",
            info: "#60a5fa",
            note_fill: "#2a2410",
            note_stroke: "#b45309",
        },
    }
}

/// Fill and stroke of a component of `kind`.
pub fn kind_colors(kind: Kind, theme: Theme) -> (&'static str, &'static str) {
    let light = match kind {
        Kind::Client => ("#eef2ff", "#6366f1"),
        Kind::Dns | Kind::Cdn => ("#ecfeff", "#0891b2"),
        Kind::Lb | Kind::Gateway => ("#f5f3ff", "#7c3aed"),
        Kind::Service | Kind::Worker => ("#ecfdf5", "#059669"),
        Kind::Cache => ("#fff7ed", "#ea580c"),
        Kind::Queue | Kind::Stream | Kind::Pubsub => ("#fefce8", "#ca8a04"),
        Kind::Sql | Kind::Nosql | Kind::Warehouse | Kind::Blob | Kind::Search => {
            ("#eff6ff", "#2563eb")
        }
        Kind::Monitoring | Kind::Coordination => ("#f3f4f6", "#6b7280"),
        Kind::External => ("#ffffff", "#9ca3af"),
    };
    match theme {
        Theme::Light => light,
        Theme::Dark => (
            match kind {
                Kind::Client => "#1e1b4b",
                Kind::Dns | Kind::Cdn => "#083344",
                Kind::Lb | Kind::Gateway => "#2e1065",
                Kind::Service | Kind::Worker => "#052e16",
                Kind::Cache => "#431407",
                Kind::Queue | Kind::Stream | Kind::Pubsub => "#422006",
                Kind::Sql | Kind::Nosql | Kind::Warehouse | Kind::Blob | Kind::Search => "#172554",
                Kind::Monitoring | Kind::Coordination => "#1f2937",
                Kind::External => "#0f172a",
            },
            light.1,
        ),
    }
}
