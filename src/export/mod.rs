//! Handing a design to other tools. JSON is the model itself (serde); this
//! module writes the formats that need translating.

pub mod dot;
