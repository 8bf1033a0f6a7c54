//! The syntax tree: what the file says, with a span on every piece and every
//! comment kept in place so `wb fmt` can write the file back.

use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A quoted string, with escapes resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// The lines of a file or of a block, in source order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Body {
    pub nodes: Vec<Node>,
    /// From the opening brace to the closing one; the whole file at top level.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Comment(Comment),
    Statement(Statement),
}

impl Node {
    pub fn span(&self) -> Span {
        match self {
            Node::Comment(comment) => comment.span,
            Node::Statement(statement) => statement.span(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// The text after `#`, trailing white space removed.
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    Design(Design),
    Scale(Scale),
    Component(Component),
    Flow(Flow),
    Group(Group),
    Members(Members),
    Walkthrough(Walkthrough),
    Stage(Stage),
    Allow(Allow),
    Remove(Remove),
    /// `align { a b c }`: these components on one rank, in this order.
    Align(Members),
    /// `note [ID [-> ID]] "text"`.
    Note(Note),
}

impl Statement {
    pub fn span(&self) -> Span {
        match self {
            Statement::Design(s) => s.span,
            Statement::Scale(s) => s.span,
            Statement::Component(s) => s.span,
            Statement::Flow(s) => s.span,
            Statement::Group(s) => s.span,
            Statement::Members(s) => s.span,
            Statement::Walkthrough(s) => s.span,
            Statement::Stage(s) => s.span,
            Statement::Allow(s) => s.span,
            Statement::Remove(s) => s.span,
            Statement::Align(s) => s.span,
            Statement::Note(s) => s.span,
        }
    }
}

/// `design "Title" { settings }`
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    pub title: Option<Str>,
    pub attributes: Option<Attributes>,
    pub span: Span,
}

/// `scale { numbers }`
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    pub attributes: Attributes,
    pub span: Span,
}

/// `KIND ID ["Label"] [xN] [{ attributes }]`
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub kind: Ident,
    pub id: Ident,
    pub label: Option<Str>,
    pub instances: Option<Instances>,
    pub attributes: Option<Attributes>,
    pub span: Span,
}

/// `x3`
#[derive(Clone, Debug, PartialEq)]
pub struct Instances {
    /// `None` when the number does not fit a `u32`.
    pub count: Option<u32>,
    pub span: Span,
}

/// `a -> b ~> [c, d]: label { attributes }`
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    /// At least two; consecutive endpoints are joined by `arrows`.
    pub endpoints: Vec<Endpoint>,
    pub arrows: Vec<Arrow>,
    pub label: Option<FlowLabel>,
    pub attributes: Option<Attributes>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub ids: Vec<Ident>,
    /// Written as `[a, b]` (fan-out), even with one id inside.
    pub bracketed: bool,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArrowKind {
    /// `->`
    Sync,
    /// `~>`
    Async,
    /// `<->`
    Both,
}

impl ArrowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ArrowKind::Sync => "->",
            ArrowKind::Async => "~>",
            ArrowKind::Both => "<->",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub kind: ArrowKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FlowLabel {
    pub text: String,
    /// Written in quotes rather than as bare text to the end of the line.
    pub quoted: bool,
    pub span: Span,
}

/// `group [ID] ["Label"] { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub id: Option<Ident>,
    pub label: Option<Str>,
    pub body: Body,
    pub span: Span,
}

/// A line of existing ids inside a group: `lb api cache`.
#[derive(Clone, Debug, PartialEq)]
pub struct Members {
    pub ids: Vec<Ident>,
    pub span: Span,
}

/// `flow "Name" { steps }`
#[derive(Clone, Debug, PartialEq)]
pub struct Walkthrough {
    pub name: Str,
    pub body: Body,
    pub span: Span,
}

/// `stage "Name" { what this stage adds, changes or removes }`
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub name: Str,
    pub body: Body,
    pub span: Span,
}

/// `allow RULE "reason"`
#[derive(Clone, Debug, PartialEq)]
pub struct Allow {
    pub rule: Ident,
    pub reason: Option<Str>,
    pub span: Span,
}

/// `remove ID` or `remove A -> B`
#[derive(Clone, Debug, PartialEq)]
pub struct Remove {
    pub target: Ident,
    pub flow_to: Option<(Arrow, Ident)>,
    pub span: Span,
}

/// `{ key: value, flag, allow RULE "reason" }`
#[derive(Clone, Debug, PartialEq)]
pub struct Attributes {
    pub entries: Vec<AttributeNode>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AttributeNode {
    Comment(Comment),
    Attribute(Attribute),
    Allow(Allow),
}

impl AttributeNode {
    pub fn span(&self) -> Span {
        match self {
            AttributeNode::Comment(c) => c.span,
            AttributeNode::Attribute(a) => a.span,
            AttributeNode::Allow(a) => a.span,
        }
    }
}

impl Attributes {
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.entries.iter().filter_map(|entry| match entry {
            AttributeNode::Attribute(attribute) => Some(attribute),
            _ => None,
        })
    }

    pub fn allows(&self) -> impl Iterator<Item = &Allow> {
        self.entries.iter().filter_map(|entry| match entry {
            AttributeNode::Allow(allow) => Some(allow),
            _ => None,
        })
    }
}

/// `key: value`, or a bare `key` meaning `key: true`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub key: Ident,
    pub value: Option<Value>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    /// The value exactly as written; `wb fmt` writes it back unchanged.
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// `100M`, `500B`, `24h`, `99.9%`, `3x`, `2`: a number and its unit as
    /// written; the model decides what the unit means for the attribute.
    Quantity(Quantity),
    /// `100:1`
    Ratio(f64, f64),
    /// `10/day`, `2K/s`
    Rate(Quantity, String),
    Ident(String),
    Str(String),
    List(Vec<Value>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub number: f64,
    pub unit: Option<String>,
}

/// `note "…"` on the design, `note api "…"` on a component, `note api -> db
/// "…"` on a flow.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub target: Option<Ident>,
    pub flow_to: Option<(Arrow, Ident)>,
    /// `None` when the text was left out, which the model reports.
    pub text: Option<Str>,
    pub span: Span,
}
