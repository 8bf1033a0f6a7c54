//! A small SVG writer: elements with attributes kept in name order (so the
//! output is the same byte for byte on every run), text and attribute
//! values escaped, the whole document written into one string.

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
    /// An element already written out (see [`Element::add_written`]).
    Written(String),
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

    /// Adds a child already written out by [`Element::render`]: a large
    /// picture's parts are written as they are drawn, on several cores,
    /// rather than all kept as trees until the end.
    pub fn add_written(mut self, child: String) -> Element {
        self.children.push(Node::Written(child));
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
                Node::Written(markup) => {
                    out.push('\n');
                    out.push_str(markup);
                    nested = true;
                }
            }
        }
        if nested {
            out.push('\n');
        }
        out.push_str("</");
        out.push_str(self.name);
        out.push('>');
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
    /// The element and everything in it as text: a whole document, or a
    /// part to add to one with [`Element::add_written`].
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.written_len());
        self.write(&mut out);
        out
    }

    /// The length of the children already written out, with a line each:
    /// most of a large picture, whose text is then copied once.
    fn written_len(&self) -> usize {
        self.children
            .iter()
            .map(|child| match child {
                Node::Written(markup) => markup.len() + 1,
                Node::Element(element) => element.written_len(),
                Node::Text(_) => 0,
            })
            .sum()
    }
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    // Most text has nothing to escape: copy the runs between special
    // characters whole rather than char by char.
    let mut rest = text;
    while let Some(at) =
        rest.find(|c| matches!(c, '&' | '<' | '>') || attribute && matches!(c, '"' | '\''))
    {
        let (plain, special) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = special.chars();
        out.push_str(match chars.next() {
            Some('&') => "&amp;",
            Some('<') => "&lt;",
            Some('>') => "&gt;",
            Some('"') => "&quot;",
            _ => "&apos;",
        });
        rest = chars.as_str();
    }
    out.push_str(rest);
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
