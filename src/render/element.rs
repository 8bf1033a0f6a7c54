//! A small SVG writer: elements with attributes kept in name order (so the
//! output is the same byte for byte on every run), text and attribute
//! values escaped, the whole document written into one string.

use std::fmt::Write;

#[derive(Clone, Debug)]
pub struct Element {
    name: &'static str,
    /// Sorted by name.
    attributes: Vec<(&'static str, String)>,
    children: Vec<Node>,
}

#[derive(Clone, Debug)]
enum Node {
    Element(Element),
    Text(String),
}

/// What an attribute may be set to.
pub trait Value {
    fn text(self) -> String;
}

impl Value for &str {
    fn text(self) -> String {
        self.to_string()
    }
}

impl Value for String {
    fn text(self) -> String {
        self
    }
}

impl Value for &String {
    fn text(self) -> String {
        self.clone()
    }
}

impl Value for f64 {
    fn text(self) -> String {
        self.to_string()
    }
}

impl Value for i32 {
    fn text(self) -> String {
        self.to_string()
    }
}

impl Element {
    pub fn new(name: &'static str) -> Element {
        Element {
            name,
            attributes: Vec::new(),
            children: Vec::new(),
        }
    }

    /// An element holding text, such as `text`, `tspan` or `title`.
    pub fn text(name: &'static str, content: &str) -> Element {
        let mut element = Element::new(name);
        if !content.is_empty() {
            element.children.push(Node::Text(content.to_string()));
        }
        element
    }

    /// Sets an attribute, replacing any value it had.
    pub fn set(mut self, name: &'static str, value: impl Value) -> Element {
        let value = value.text();
        match self.attributes.binary_search_by(|(n, _)| n.cmp(&name)) {
            Ok(at) => {
                if let Some(slot) = self.attributes.get_mut(at) {
                    slot.1 = value;
                }
            }
            Err(at) => self.attributes.insert(at, (name, value)),
        }
        self
    }

    pub fn add(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (name, value) in &self.attributes {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            escape(value, true, out);
            out.push('"');
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        let mut nested = false;
        for child in &self.children {
            match child {
                Node::Text(text) => escape(text, false, out),
                Node::Element(element) => {
                    out.push('\n');
                    element.write(out);
                    nested = true;
                }
            }
        }
        if nested {
            out.push('\n');
        }
        let _ = write!(out, "</{}>", self.name);
    }
}

impl std::fmt::Display for Element {
    fn fmt(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        let mut out = String::new();
        self.write(&mut out);
        formatter.write_str(&out)
    }
}

impl Element {
    /// The document as text.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(1 << 16);
        self.write(&mut out);
        out
    }
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_in_name_order_and_escaped() {
        let svg = Element::new("g")
            .set("y", 2.5)
            .set("x", "a\"b'<c>&")
            .set("y", 3)
            .add(Element::text("text", "1 < 2 & 'x'"))
            .render();
        assert_eq!(
            svg,
            "<g x=\"a&quot;b&apos;&lt;c&gt;&amp;\" y=\"3\">\n<text>1 &lt; 2 &amp; 'x'</text>\n</g>"
        );
    }
}
