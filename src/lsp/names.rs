//! Where every component and group id stands in a file — declared, used in
//! a flow, a group, a walkthrough, a note, a hint or an attribute — and
//! where attribute keys and rule names stand, read off the syntax tree.

use crate::model::value::Place;
use crate::span::Span;
use crate::syntax::ast::{Attributes, Body, Ident, Node, Statement};

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Component,
    Group,
}

/// One place an id is written.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub name: String,
    pub span: Span,
    /// Set where the id is declared.
    pub declares: Option<What>,
}

#[derive(Clone, Debug)]
pub struct Key {
    pub key: String,
    pub span: Span,
    pub place: Place,
}

#[derive(Clone, Debug, Default)]
pub struct Names {
    pub occurrences: Vec<Occurrence>,
    pub keys: Vec<Key>,
    /// Rule names after `allow`.
    pub rules: Vec<(String, Span)>,
    /// The kind or technology word of each component declaration.
    pub kinds: Vec<(String, Span)>,
}

/// Attributes whose value names a component.
const NAMING: &[&str] = &["dlq", "replica_of"];

fn touches(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

impl Names {
    pub fn of(file: &Body) -> Names {
        let mut names = Names::default();
        names.body(file);
        names
    }

    pub fn at(&self, offset: usize) -> Option<&Occurrence> {
        self.occurrences.iter().find(|o| touches(o.span, offset))
    }

    pub fn key_at(&self, offset: usize) -> Option<&Key> {
        self.keys.iter().find(|k| touches(k.span, offset))
    }

    pub fn kind_at(&self, offset: usize) -> Option<&str> {
        self.kinds
            .iter()
            .find(|(_, span)| touches(*span, offset))
            .map(|(word, _)| word.as_str())
    }

    pub fn rule_at(&self, offset: usize) -> Option<&str> {
        self.rules
            .iter()
            .find(|(_, span)| touches(*span, offset))
            .map(|(name, _)| name.as_str())
    }

    /// Every place `name` is written, declarations included.
    pub fn all(&self, name: &str) -> impl Iterator<Item = &Occurrence> {
        let name = name.to_string();
        self.occurrences.iter().filter(move |o| o.name == name)
    }

    /// Where `name` is first declared.
    pub fn declaration(&self, name: &str) -> Option<&Occurrence> {
        self.all(name).find(|o| o.declares.is_some())
    }

    fn used(&mut self, id: &Ident) {
        self.occurrences.push(Occurrence {
            name: id.name.clone(),
            span: id.span,
            declares: None,
        });
    }

    fn declared(&mut self, id: &Ident, what: What) {
        self.occurrences.push(Occurrence {
            name: id.name.clone(),
            span: id.span,
            declares: Some(what),
        });
    }

    fn body(&mut self, body: &Body) {
        for node in &body.nodes {
            if let Node::Statement(statement) = node {
                self.statement(statement);
            }
        }
    }

    fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Design(design) => self.attributes(design.attributes.as_ref(), Place::Design),
            Statement::Scale(scale) => self.attributes(Some(&scale.attributes), Place::Scale),
            Statement::Component(component) => {
                self.kinds
                    .push((component.kind.name.clone(), component.kind.span));
                self.declared(&component.id, What::Component);
                self.attributes(component.attributes.as_ref(), Place::Component);
            }
            Statement::Flow(flow) => {
                for id in flow.endpoints.iter().flat_map(|e| &e.ids) {
                    self.used(id);
                }
                self.attributes(flow.attributes.as_ref(), Place::Flow);
            }
            Statement::Group(group) => {
                if let Some(id) = &group.id {
                    self.declared(id, What::Group);
                }
                self.body(&group.body);
            }
            Statement::Members(members) | Statement::Align(members) => {
                for id in &members.ids {
                    self.used(id);
                }
            }
            Statement::Walkthrough(walkthrough) => self.body(&walkthrough.body),
            Statement::Stage(stage) => self.body(&stage.body),
            Statement::Allow(allow) => self.rules.push((allow.rule.name.clone(), allow.rule.span)),
            Statement::Remove(remove) => {
                self.used(&remove.target);
                if let Some((_, to)) = &remove.flow_to {
                    self.used(to);
                }
            }
            Statement::Note(note) => {
                for id in note
                    .target
                    .iter()
                    .chain(note.flow_to.iter().map(|(_, to)| to))
                {
                    self.used(id);
                }
            }
        }
    }

    fn attributes(&mut self, attributes: Option<&Attributes>, place: Place) {
        let Some(attributes) = attributes else {
            return;
        };
        for allow in attributes.allows() {
            self.rules.push((allow.rule.name.clone(), allow.rule.span));
        }
        for attribute in attributes.attributes() {
            self.keys.push(Key {
                key: attribute.key.name.clone(),
                span: attribute.key.span,
                place,
            });
            let names_one =
                place == Place::Component && NAMING.contains(&attribute.key.name.as_str());
            if let (true, Some(value)) = (names_one, &attribute.value)
                && let crate::syntax::ast::ValueKind::Ident(name) = &value.kind
                && !matches!(name.as_str(), "true" | "false")
            {
                self.occurrences.push(Occurrence {
                    name: name.clone(),
                    span: value.span,
                    declares: None,
                });
            }
        }
    }
}
