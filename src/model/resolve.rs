//! AST → model. Each level (the statements outside any stage, then each
//! stage in order) is applied in two passes: declarations first, so names
//! resolve whatever the order of lines, then flows, member lists and
//! removals. After each level the design is snapshotted into a graph.

use std::collections::{HashMap, HashSet};

use petgraph::graph::{EdgeIndex, EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;

use super::hints;
use super::kind::{self, Kind};
use super::value::{self, Expected, Place, Value};
use super::{
    Allow, Attribute, Attributes, Component, Design, Flow, FlowKind, Group, Model, Stage, Step,
    Walkthrough,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::suggest;
use crate::syntax::MAX_NESTING;
use crate::syntax::ast::{self, ArrowKind, Body, Node, Statement};

/// Resolves a parsed file. The model is complete only when no diagnostic is
/// an error; it is returned either way so callers can show what was read.
pub fn resolve(file: &Body) -> (Model, Vec<Diagnostic>) {
    let mut model = Model {
        title: None,
        design_span: None,
        settings: Attributes::default(),
        scale: None,
        scale_span: None,
        allows: Vec::new(),
        design: Design::default(),
        walkthroughs: Vec::new(),
        stages: Vec::new(),
    };
    if let Some(too_large) = beyond_limits(file) {
        return (model, vec![too_large]);
    }
    let mut resolver = Resolver::new(file);

    let mut base = Vec::new();
    let mut stages = Vec::new();
    let mut walkthroughs = Vec::new();
    let mut design_block: Option<Span> = None;
    let mut aligns: Vec<&ast::Members> = Vec::new();
    let mut notes: Vec<&ast::Note> = Vec::new();
    let mut scale_block: Option<Span> = None;
    for statement in statements(file) {
        match statement {
            Statement::Design(design) => {
                if resolver.once(&mut design_block, design.span, "design") {
                    model.title = design.title.as_ref().map(|t| t.value.clone());
                    // The `design "Title"` head, not the whole block.
                    let head_end = design.title.as_ref().map_or(design.span.start + "design".len(), |t| t.span.end);
                    model.design_span = Some(Span::new(design.span.start, head_end));
                    let (settings, allows) = resolver.attributes(design.attributes.as_ref(), Place::Design);
                    model.settings = settings;
                    model.allows.extend(allows);
                }
            }
            Statement::Scale(scale) => {
                if resolver.once(&mut scale_block, scale.span, "scale") {
                    let (numbers, allows) = resolver.attributes(Some(&scale.attributes), Place::Scale);
                    for allow in allows {
                        resolver.error(
                            Diagnostic::error(Code::Misplaced, "`allow` cannot stand in a `scale` block")
                                .with_label(allow.span, "move this to the `design` block or the top level")
                                .with_help("a suppression belongs to the design, a component or a flow"),
                        );
                    }
                    model.scale = Some(numbers);
                    model.scale_span = Some(scale.span);
                }
            }
            Statement::Allow(allow) => model.allows.extend(resolver.allow(allow)),
            Statement::Stage(stage) => stages.push(stage),
            Statement::Walkthrough(walkthrough) => walkthroughs.push(walkthrough),
            Statement::Members(members) => resolver.error(
                Diagnostic::error(Code::Misplaced, "a list of ids only means something inside a group")
                    .with_label(members.span, "not inside a group"),
            ),
            Statement::Align(align) => aligns.push(align),
            Statement::Note(note) => notes.push(note),
            Statement::Remove(remove) => resolver.error(
                Diagnostic::error(Code::Misplaced, "`remove` only means something inside a stage")
                    .with_label(remove.span, "not inside a stage")
                    .with_help("stages describe how the design grows; put the removal in the stage that makes it"),
            ),
            Statement::Component(_) | Statement::Flow(_) | Statement::Group(_) => base.push(statement),
        }
    }

    resolver.apply_level(&base, None);
    let mut design = resolver.snapshot();
    // Notes may be about a component a later stage removes.
    let mut ever_declared: HashSet<String> = design.components().map(|c| c.id.clone()).collect();
    // Each stage keeps a whole design: a few hundred bytes of stage text
    // per stage could otherwise copy a large design thousands of times.
    let mut staged = 0usize;
    for (number, stage) in stages.into_iter().enumerate() {
        let level = number + 1;
        let body: Vec<&Statement> = statements(&stage.body).collect();
        resolver.removed.clear();
        resolver.apply_level(&body, Some(level));
        design = resolver.snapshot();
        ever_declared.extend(design.components().map(|c| c.id.clone()));
        staged = staged
            .saturating_add(design.graph.node_count())
            .saturating_add(design.graph.edge_count());
        if staged > MAX_STAGED {
            resolver.error(
                Diagnostic::error(
                    Code::TooLarge,
                    format!(
                        "the stages' designs hold more than {MAX_STAGED} components and flows in all, the limit for one file"
                    ),
                )
                .with_label(Span::new(stage.span.start, stage.name.span.end), "the limit is passed at this stage")
                .with_help("each stage is a whole design of its own: keep fewer stages of a large design, or split the file"),
            );
            break;
        }
        model.stages.push(Stage {
            name: stage.name.value.clone(),
            design: resolver.snapshot(),
            removed: std::mem::take(&mut resolver.removed),
            span: stage.span,
        });
    }
    let drawn_right = model.settings.get("direction").and_then(Value::as_text) == Some("right");
    let nested_aligns = std::mem::take(&mut resolver.nested_aligns);
    aligns.extend(nested_aligns.iter());
    let (held, hint_warnings) = hints::check(&design, &aligns, drawn_right);
    design.aligns = held.clone();
    for stage in &mut model.stages {
        stage.design.aligns = held
            .iter()
            .filter(|a| a.ids.iter().all(|id| stage.design.node(id).is_some()))
            .cloned()
            .collect();
    }
    for warning in hint_warnings {
        resolver.error(warning);
    }
    let nested_notes = std::mem::take(&mut resolver.nested_notes);
    notes.extend(nested_notes.iter());
    design.notes = notes
        .into_iter()
        .filter_map(|note| resolver.note(note, &design, &ever_declared))
        .collect();
    for stage in &mut model.stages {
        stage.design.notes = design
            .notes
            .iter()
            .filter(|note| match &note.target {
                hints::NoteTarget::Design => true,
                hints::NoteTarget::Component { id } => stage.design.node(id).is_some(),
                hints::NoteTarget::Flow { from, to } => {
                    stage.design.flows().any(|f| &f.from == from && &f.to == to)
                }
            })
            .cloned()
            .collect();
    }
    model.design = design;
    model.walkthroughs = walkthroughs
        .into_iter()
        .map(|walkthrough| resolver.walkthrough(walkthrough, &model.design))
        .collect();
    resolver.unique_walkthroughs(&model.walkthroughs);

    let mut diagnostics = resolver.diagnostics;
    Diagnostic::sort(&mut diagnostics);
    (model, diagnostics)
}

/// The most components a design may declare: the drawing of a design ten
/// times the size of the largest in the benchmarks would take minutes.
pub const MAX_COMPONENTS: usize = 100_000;

/// The most flows a design may have, counting each pair of a fan-out
/// (`[a, b] -> [c, d]` is four): a short line of fan-outs could otherwise
/// ask for billions.
pub const MAX_FLOWS: usize = 300_000;

/// The most components and flows the stages of a file may hold together,
/// each stage's design counted whole.
pub const MAX_STAGED: usize = 1_000_000;

/// An error at the first statement past [`MAX_COMPONENTS`] or
/// [`MAX_FLOWS`], counted over every body without recursion.
fn beyond_limits(file: &Body) -> Option<Diagnostic> {
    let (mut components, mut flows) = (0usize, 0usize);
    let mut bodies = vec![file];
    while let Some(body) = bodies.pop() {
        for statement in statements(body) {
            match statement {
                Statement::Component(_) => components += 1,
                Statement::Flow(flow) => {
                    flows = flow
                        .endpoints
                        .windows(2)
                        .filter_map(|pair| pair.first().zip(pair.get(1)))
                        .map(|(from, to)| from.ids.len().saturating_mul(to.ids.len()))
                        .fold(flows, usize::saturating_add);
                }
                Statement::Group(group) => bodies.push(&group.body),
                Statement::Walkthrough(walkthrough) => bodies.push(&walkthrough.body),
                Statement::Stage(stage) => bodies.push(&stage.body),
                _ => {}
            }
            let (what, limit) = if components > MAX_COMPONENTS {
                ("components", MAX_COMPONENTS)
            } else if flows > MAX_FLOWS {
                ("flows", MAX_FLOWS)
            } else {
                continue;
            };
            return Some(
                Diagnostic::error(
                    Code::TooLarge,
                    format!("the design has more than {limit} {what}, the limit for one design"),
                )
                .with_label(statement.span(), "the limit is passed here")
                .with_help("split the design into several files, or draw a part of it"),
            );
        }
    }
    None
}

fn statements(body: &Body) -> impl Iterator<Item = &Statement> {
    body.nodes.iter().filter_map(|node| match node {
        Node::Statement(statement) => Some(statement),
        Node::Comment(_) => None,
    })
}

/// Misspelt names per file that get a "did you mean": each is compared with
/// every declared name, and a file of thousands of undeclared names would
/// otherwise take minutes to report.
const SUGGESTED_WORDS: usize = 64;

/// The flows declared so far, in order, indexed by the components they
/// touch and by their ends (components by their position): a stage may
/// remove thousands of components and flows from a design of hundreds of
/// thousands of flows.
#[derive(Default)]
struct FlowTable {
    /// `None` where a flow was removed.
    flows: Vec<Option<Flow>>,
    touching: HashMap<usize, Vec<usize>>,
    between: HashMap<(usize, usize), Vec<usize>>,
}

impl FlowTable {
    fn push(&mut self, from: usize, to: usize, flow: Flow) {
        let at = self.flows.len();
        self.touching.entry(from).or_default().push(at);
        self.touching.entry(to).or_default().push(at);
        self.between.entry((from, to)).or_default().push(at);
        self.flows.push(Some(flow));
    }

    fn iter(&self) -> impl Iterator<Item = &Flow> {
        self.flows.iter().flatten()
    }

    /// Removes the flows at `positions` that are still there; returns how
    /// many. (The other index keeps their positions; they are skipped then.)
    fn remove_at(&mut self, positions: Vec<usize>) -> usize {
        positions
            .into_iter()
            .filter_map(|at| self.flows.get_mut(at).and_then(Option::take))
            .count()
    }

    fn remove_touching(&mut self, component: usize) {
        let positions = self.touching.remove(&component).unwrap_or_default();
        self.remove_at(positions);
    }

    fn remove_between(&mut self, from: usize, to: usize) -> usize {
        let positions = self.between.remove(&(from, to)).unwrap_or_default();
        self.remove_at(positions)
    }
}

/// A group as it is being built; members live on the components.
#[derive(Clone)]
struct GroupDraft {
    id: String,
    label: Option<String>,
    parent: Option<String>,
    span: Span,
}

/// What a member line or a flow was written inside of.
#[derive(Clone, Copy)]
struct Context<'a> {
    group: Option<&'a str>,
    stage: Option<usize>,
}

struct Resolver {
    diagnostics: Vec<Diagnostic>,
    /// How many statements of the whole file declare each name; decides
    /// whether `lb api` inside a group declares `api` or lists two members.
    declarations: HashMap<String, usize>,
    /// Components in declaration order; `None` where one was removed.
    components: Vec<Option<Component>>,
    component_positions: HashMap<String, usize>,
    flows: FlowTable,
    groups: Vec<GroupDraft>,
    group_positions: HashMap<String, usize>,
    /// Groups removed by the level being applied, with the parent their
    /// members move to; settled when the level ends.
    removed_groups: HashMap<String, Option<String>>,
    /// Names removed by the stage being applied.
    removed: Vec<String>,
    /// Flows written to a group, expanded to its members once the level's
    /// membership is settled: source position, group id, the flow.
    group_flows: Vec<(usize, String, Flow)>,
    /// Notes and `align` hints written inside groups and stages: they are
    /// about the whole design, like those at the top.
    nested_notes: Vec<ast::Note>,
    nested_aligns: Vec<ast::Members>,
    /// "Did you mean" answers so far: a misspelling is looked up once, and
    /// only the first few are looked up at all (each compares it with every
    /// name of the design).
    suggestions: HashMap<String, Option<String>>,
    /// Components refused because a group or component already had their
    /// name: one error said so, and while a group of the name stands, what
    /// uses the name reports nothing more.
    refused: HashSet<String>,
}

impl Resolver {
    fn new(file: &Body) -> Self {
        let mut declarations = HashMap::new();
        count_declarations(file, &mut declarations);
        Resolver {
            diagnostics: Vec::new(),
            declarations,
            components: Vec::new(),
            component_positions: HashMap::new(),
            flows: FlowTable::default(),
            groups: Vec::new(),
            group_positions: HashMap::new(),
            removed_groups: HashMap::new(),
            removed: Vec::new(),
            suggestions: HashMap::new(),
            refused: HashSet::new(),
            group_flows: Vec::new(),
            nested_notes: Vec::new(),
            nested_aligns: Vec::new(),
        }
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Records the first block of a kind that may appear once; reports the rest.
    fn once(&mut self, seen: &mut Option<Span>, span: Span, what: &str) -> bool {
        if let Some(first) = *seen {
            self.error(
                Diagnostic::error(Code::DuplicateBlock, format!("a second `{what}` block"))
                    .with_label(span, "second block")
                    .with_label(first, "first block here")
                    .with_help(format!("merge the two `{what}` blocks into one")),
            );
            return false;
        }
        *seen = Some(span);
        true
    }

    fn component_index(&self, id: &str) -> Option<usize> {
        self.component_positions.get(id).copied()
    }

    fn component_at(&self, position: usize) -> Option<&Component> {
        self.components.get(position).and_then(Option::as_ref)
    }

    fn component_at_mut(&mut self, position: usize) -> Option<&mut Component> {
        self.components.get_mut(position).and_then(Option::as_mut)
    }

    fn live_components(&self) -> impl Iterator<Item = &Component> {
        self.components.iter().flatten()
    }

    fn group_index(&self, id: &str) -> Option<usize> {
        self.group_positions.get(id).copied()
    }

    fn live_groups(&self) -> impl Iterator<Item = &GroupDraft> {
        self.groups
            .iter()
            .filter(|g| !self.removed_groups.contains_key(&g.id))
    }

    fn apply_level(&mut self, body: &[&Statement], stage: Option<usize>) {
        let mut declared_here: HashMap<String, Span> = HashMap::new();
        let mut deferred: Vec<(&Statement, Option<String>)> = Vec::new();
        for statement in body {
            self.declare(statement, None, stage, &mut declared_here, &mut deferred);
        }
        let mut placed_here: HashMap<String, (String, Span)> = HashMap::new();
        for (statement, group) in &deferred {
            let context = Context {
                group: group.as_deref(),
                stage,
            };
            match statement {
                Statement::Flow(flow) => self.flow(flow, context),
                Statement::Members(members) => {
                    for id in &members.ids {
                        self.place(id, context, &mut placed_here);
                    }
                }
                Statement::Component(component) => {
                    // An ambiguous `lb api` line that turned out to list members.
                    for id in [&component.kind, &component.id] {
                        self.place(id, context, &mut placed_here);
                    }
                }
                Statement::Remove(remove) => self.remove(remove),
                _ => {}
            }
        }
        self.expand_group_flows();
        self.settle_removed_groups();
        self.check_component_references(stage);
        self.check_group_nesting();
    }

    fn declare<'s>(
        &mut self,
        statement: &'s Statement,
        group: Option<&str>,
        stage: Option<usize>,
        declared_here: &mut HashMap<String, Span>,
        deferred: &mut Vec<(&'s Statement, Option<String>)>,
    ) {
        match statement {
            Statement::Component(component) if group.is_some() && self.lists_members(component) => {
                deferred.push((statement, group.map(str::to_string)));
            }
            Statement::Component(component) => {
                if self.unique_here(&component.id, None, declared_here) {
                    self.component(component, group, stage);
                } else {
                    self.refused.insert(component.id.name.clone());
                }
            }
            Statement::Group(group_statement) => {
                let id = match &group_statement.id {
                    Some(id) => id.clone(),
                    None => ast::Ident {
                        name: slug(group_statement.label.as_ref().map_or("group", |l| &l.value)),
                        span: group_statement
                            .label
                            .as_ref()
                            .map_or(group_statement.span, |l| l.span),
                    },
                };
                let from_label = group_statement
                    .id
                    .is_none()
                    .then(|| group_statement.label.as_ref().map(|l| l.value.as_str()))
                    .flatten();
                if !self.unique_here(&id, from_label, declared_here) {
                    // Its members are still declared, in the enclosing
                    // group, so that flows to them report nothing more (a
                    // line listing members of the refused group is dropped).
                    for inner in statements(&group_statement.body) {
                        let lists =
                            matches!(inner, Statement::Component(c) if self.lists_members(c));
                        if !lists {
                            self.declare(inner, group, stage, declared_here, deferred);
                        }
                    }
                    return;
                }
                let label = group_statement.label.as_ref().map(|l| l.value.clone());
                match self.group_index(&id.name) {
                    // A later stage naming an existing group adds to it.
                    Some(existing) => {
                        if let Some(draft) = self.groups.get_mut(existing) {
                            draft.label = label.or(draft.label.take());
                            if group.is_some() {
                                draft.parent = group.map(str::to_string);
                            }
                        }
                    }
                    None => {
                        self.group_positions
                            .insert(id.name.clone(), self.groups.len());
                        self.groups.push(GroupDraft {
                            id: id.name.clone(),
                            label,
                            parent: group.map(str::to_string),
                            span: group_statement.span,
                        });
                    }
                }
                for inner in statements(&group_statement.body) {
                    self.declare(inner, Some(&id.name), stage, declared_here, deferred);
                }
            }
            Statement::Note(note) => self.nested_notes.push(note.clone()),
            Statement::Align(align) => self.nested_aligns.push(align.clone()),
            _ => deferred.push((statement, group.map(str::to_string))),
        }
    }

    /// Inside a group, `lb api` lists two existing components rather than
    /// declaring `api`, when the first word names a declared component and
    /// either is no kind or the second word is declared elsewhere too.
    fn lists_members(&self, component: &ast::Component) -> bool {
        if component.label.is_some()
            || component.instances.is_some()
            || component.attributes.is_some()
        {
            return false;
        }
        let count = |name: &str| self.declarations.get(name).copied().unwrap_or(0);
        count(&component.kind.name) >= 1
            && (count(&component.id.name) >= 2 || kind::resolve(&component.kind.name).is_none())
    }

    /// Reports a second declaration of a name within one level; `from_label`
    /// is the label of a group that took its id from it.
    fn unique_here(
        &mut self,
        id: &ast::Ident,
        from_label: Option<&str>,
        declared_here: &mut HashMap<String, Span>,
    ) -> bool {
        if let Some(first) = declared_here.get(&id.name) {
            let first = *first;
            let (again, help) = match from_label {
                Some(label) => {
                    let own = format!("{}_group", id.name);
                    let example = if label.contains(['"', '\\']) || self.declarations.contains_key(&own) {
                        "`group ID \"Label\" { … }`".to_string()
                    } else {
                        format!("`group {own} \"{label}\" {{ … }}`")
                    };
                    (
                        format!("the group takes the id `{}` from its label", id.name),
                        format!("give the group an id of its own: {example}"),
                    )
                }
                None => (
                    "declared again here".to_string(),
                    "give each component and group its own id; a later `stage` may redeclare one to change it".to_string(),
                ),
            };
            self.error(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("`{}` is declared twice", id.name),
                )
                .with_label(id.span, again)
                .with_label(first, "first declared here")
                .with_help(help),
            );
            return false;
        }
        declared_here.insert(id.name.clone(), id.span);
        true
    }

    fn component(&mut self, decl: &ast::Component, group: Option<&str>, stage: Option<usize>) {
        let (kind, technology) = match kind::resolve(&decl.kind.name) {
            Some(resolved) => resolved,
            None => {
                let help = match suggest::nearest(&decl.kind.name, kind::all_words()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "a kind is one of {}, or a technology that implies one (redis, postgres, kafka, s3, …)",
                        Kind::ALL.map(Kind::keyword).join(", ")
                    ),
                };
                self.error(
                    Diagnostic::error(
                        Code::UnknownKind,
                        format!("unknown kind `{}`", decl.kind.name),
                    )
                    .with_label(decl.kind.span, "not a kind or a known technology")
                    .with_help(help),
                );
                (Kind::Service, None)
            }
        };
        if self.group_index(&decl.id.name).is_some() {
            self.error(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("`{}` is already the id of a group", decl.id.name),
                )
                .with_label(decl.id.span, "component declared here")
                .with_help("components and groups share one set of ids; rename one of them"),
            );
            self.refused.insert(decl.id.name.clone());
            return;
        }
        let (attributes, allows) = self.attributes(decl.attributes.as_ref(), Place::Component);
        let instances = self.instances(decl, &attributes);
        let previous = self.component_index(&decl.id.name);
        // Redeclared outside any group, a component stays in the group it had.
        let group = group.map(str::to_string).or_else(|| {
            previous
                .and_then(|i| self.component_at(i))
                .and_then(|c| c.group.clone())
        });
        let component = Component {
            id: decl.id.name.clone(),
            kind,
            technology,
            label: decl.label.as_ref().map(|l| l.value.clone()),
            instances,
            attributes,
            group,
            allows,
            stage,
            span: decl.span,
            id_span: decl.id.span,
        };
        match previous.and_then(|i| self.component_at_mut(i)) {
            Some(slot) => *slot = component,
            None => {
                self.component_positions
                    .insert(component.id.clone(), self.components.len());
                self.components.push(Some(component));
            }
        }
    }

    fn instances(&mut self, decl: &ast::Component, attributes: &Attributes) -> u32 {
        let replicas = attributes.0.get("replicas");
        let from_replicas = replicas
            .and_then(|r| r.value.as_f64())
            .map(|n| n.clamp(1.0, f64::from(u32::MAX)) as u32);
        let Some(written) = &decl.instances else {
            return from_replicas.unwrap_or(1);
        };
        let count = match written.count {
            Some(0) | None => {
                self.error(
                    Diagnostic::error(
                        Code::BadValue,
                        "an instance count must be between 1 and 4294967295",
                    )
                    .with_label(written.span, "expected a count like `x3`"),
                );
                return 1;
            }
            Some(count) => count,
        };
        if let (Some(replicas), Some(from_replicas)) = (replicas, from_replicas)
            && from_replicas != count
        {
            self.error(
                Diagnostic::error(
                    Code::BadValue,
                    format!("`x{count}` and `replicas: {from_replicas}` disagree"),
                )
                .with_label(written.span, "instances here")
                .with_label(replicas.span, "and here")
                .with_help("write the number of instances once"),
            );
        }
        count
    }

    /// Types an attribute block against the schema of `place`, reporting bad
    /// values, repeated keys and likely misspellings.
    fn attributes(
        &mut self,
        block: Option<&ast::Attributes>,
        place: Place,
    ) -> (Attributes, Vec<Allow>) {
        let mut attributes = Attributes::default();
        let mut allows = Vec::new();
        let Some(block) = block else {
            return (attributes, allows);
        };
        for allow in block.allows() {
            allows.extend(self.allow(allow));
        }
        for attribute in block.attributes() {
            let key = &attribute.key.name;
            if let Some(first) = attributes.0.get(key) {
                let first = first.span;
                self.error(
                    Diagnostic::error(Code::DuplicateAttribute, format!("`{key}` is set twice"))
                        .with_label(attribute.span, "set again here")
                        .with_label(first, "first set here")
                        .with_help("keep one of the two"),
                );
                continue;
            }
            let expected = match value::expected(place, key) {
                Some(expected) => expected,
                None => {
                    self.unknown_attribute(&attribute.key, place);
                    Expected::Any
                }
            };
            let typed = match &attribute.value {
                Some(written) => {
                    value::typed(&written.kind, expected).map_err(|wanted| (wanted, written.span))
                }
                None if matches!(
                    expected,
                    Expected::Bool | Expected::Any | Expected::BoolOrComponent
                ) =>
                {
                    Ok(Value::Bool { value: true })
                }
                None => Err((expected.describe(), attribute.key.span)),
            };
            match typed {
                Ok(value) => {
                    attributes.0.insert(
                        key.clone(),
                        Attribute {
                            value,
                            text: attribute
                                .value
                                .as_ref()
                                .map_or_else(|| "true".into(), |v| v.text.clone()),
                            span: attribute.span,
                        },
                    );
                }
                Err((wanted, span)) => {
                    let found = attribute
                        .value
                        .as_ref()
                        .map_or_else(|| "no value".to_string(), |v| format!("`{}`", v.text));
                    self.error(
                        Diagnostic::error(
                            Code::BadValue,
                            format!("`{key}` expects {wanted}, found {found}"),
                        )
                        .with_label(span, format!("expected {wanted}"))
                        .with_help(expected.hint()),
                    );
                }
            }
        }
        (attributes, allows)
    }

    /// A key the schema of `place` does not know: a warning with the
    /// nearest known key, or the list of them when none is near.
    fn unknown_attribute(&mut self, key: &ast::Ident, place: Place) {
        let known = value::schema(place).iter().map(|(name, _)| *name);
        let help = match suggest::nearest(&key.name, known.clone()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                let names: Vec<String> = known.map(|name| format!("`{name}`")).collect();
                format!("{} reads {}", place.describe(), names.join(", "))
            }
        };
        self.error(
            Diagnostic::warning(
                Code::UnknownAttribute,
                format!("unknown {} `{}`", place.key_noun(), key.name),
            )
            .with_label(key.span, "whiteboard does not read this key; it is ignored")
            .with_help(help),
        );
    }

    fn allow(&mut self, allow: &ast::Allow) -> Option<Allow> {
        match &allow.reason {
            Some(reason) if !reason.value.trim().is_empty() => Some(Allow {
                rule: allow.rule.name.clone(),
                reason: reason.value.clone(),
                span: allow.span,
            }),
            _ => {
                self.error(
                    Diagnostic::error(
                        Code::MissingReason,
                        format!("`allow {}` needs a reason", allow.rule.name),
                    )
                    .with_label(allow.span, "no reason given")
                    .with_help(format!(
                        "say why the rule does not apply here: `allow {} \"one primary is fine at 40 writes/s\"`",
                        allow.rule.name
                    )),
                );
                None
            }
        }
    }

    /// Puts a component or group named on a member line into `context.group`.
    fn place(
        &mut self,
        id: &ast::Ident,
        context: Context,
        placed_here: &mut HashMap<String, (String, Span)>,
    ) {
        let Some(group) = context.group else { return };
        if id.name == group {
            self.error(
                Diagnostic::error(Code::GroupCycle, format!("group `{group}` lists itself"))
                    .with_label(id.span, "a group cannot contain itself"),
            );
            return;
        }
        if let Some((other, first)) = placed_here.get(&id.name)
            && other != group
        {
            let (other, first) = (other.clone(), *first);
            self.error(
                Diagnostic::error(
                    Code::MultipleGroups,
                    format!("`{}` is in two groups, `{other}` and `{group}`", id.name),
                )
                .with_label(id.span, format!("placed in `{group}` here"))
                .with_label(first, format!("placed in `{other}` here"))
                .with_help("a component or group belongs to one group; nest the groups if one holds the other"),
            );
            return;
        }
        placed_here.insert(id.name.clone(), (group.to_string(), id.span));
        if let Some(i) = self.component_index(&id.name) {
            let declared_in = self.component_at(i).and_then(|c| c.group.clone());
            if let Some(other) = declared_in.filter(|other| other != group)
                && self
                    .component_at(i)
                    .is_some_and(|c| c.stage == context.stage)
            {
                self.error(
                    Diagnostic::error(
                        Code::MultipleGroups,
                        format!("`{}` is in two groups, `{other}` and `{group}`", id.name),
                    )
                    .with_label(id.span, format!("listed in `{group}` here"))
                    .with_help(format!(
                        "`{}` is declared inside `{other}`; list it in one group only",
                        id.name
                    )),
                );
                return;
            }
            if let Some(component) = self.component_at_mut(i) {
                component.group = Some(group.to_string());
            }
        } else if let Some(i) = self.group_index(&id.name) {
            if let Some(draft) = self.groups.get_mut(i) {
                draft.parent = Some(group.to_string());
            }
        } else {
            self.report_undefined(id, "listed in a group");
        }
    }

    /// A note, once what it is about is known to exist.
    fn note(
        &mut self,
        note: &ast::Note,
        design: &Design,
        ever_declared: &HashSet<String>,
    ) -> Option<hints::Note> {
        let Some(text) = note.text.as_ref().filter(|t| !t.value.trim().is_empty()) else {
            self.error(
                Diagnostic::error(Code::Syntax, "a note needs its text")
                    .with_label(note.span, "no text in double quotes")
                    .with_help("write `note api \"what to say\"`"),
            );
            return None;
        };
        let target = match (&note.target, &note.flow_to) {
            (None, _) => hints::NoteTarget::Design,
            (Some(id), None) => {
                if !ever_declared.contains(&id.name) {
                    self.report_undefined(id, "a note is about it");
                    return None;
                }
                hints::NoteTarget::Component {
                    id: id.name.clone(),
                }
            }
            (Some(from), Some((_, to))) => {
                let exists = design.flows().any(|f| {
                    f.from == from.name
                        && (f.to == to.name
                            || (f.drawn && f.to_group.as_deref() == Some(to.name.as_str())))
                });
                if !exists {
                    self.error(
                        Diagnostic::error(
                            Code::UndefinedFlow,
                            format!("no flow `{} -> {}` to note", from.name, to.name),
                        )
                        .with_label(from.span.to(to.span), "no such flow in the design")
                        .with_help("a note on a flow names its two ends as the flow is written"),
                    );
                    return None;
                }
                hints::NoteTarget::Flow {
                    from: from.name.clone(),
                    to: to.name.clone(),
                }
            }
        };
        Some(hints::Note {
            target,
            text: text.value.clone(),
            span: note.span,
        })
    }

    /// Reports a name that is not declared, unless it is a component
    /// refused for its group's name (one error said so).
    fn report_undefined(&mut self, id: &ast::Ident, what: &str) {
        if self.refused.contains(&id.name) && self.group_index(&id.name).is_some() {
            return;
        }
        let help = match self.suggestion(&id.name) {
            Some(near) => format!("did you mean `{near}`?"),
            None if self.declarations.contains_key(&id.name) => {
                format!(
                    "`{}` is declared by a later stage or was removed before this point",
                    id.name
                )
            }
            None => format!("declare it first, e.g. `service {} \"…\"`", id.name),
        };
        let diagnostic = Diagnostic::error(
            Code::UndefinedComponent,
            format!("`{}` is not declared", id.name),
        )
        .with_label(id.span, format!("{what}, but never declared"))
        .with_help(help);
        self.error(diagnostic);
    }

    /// The declared name nearest to a misspelt one, for the first
    /// [`SUGGESTED_WORDS`] different misspellings of a file.
    fn suggestion(&mut self, word: &str) -> Option<String> {
        if let Some(known) = self.suggestions.get(word) {
            return known.clone();
        }
        if self.suggestions.len() >= SUGGESTED_WORDS {
            return None;
        }
        let names = self
            .live_components()
            .map(|c| c.id.as_str())
            .chain(self.live_groups().map(|g| g.id.as_str()));
        let near = suggest::nearest(word, names).map(str::to_string);
        self.suggestions.insert(word.to_string(), near.clone());
        near
    }

    /// Resolves an endpoint id to a component, or (as a flow's target) a
    /// group, or reports why it is neither.
    fn endpoint(&mut self, id: &ast::Ident, target: bool) -> bool {
        if self.component_index(&id.name).is_some() {
            return true;
        }
        let group = self.group_index(&id.name).is_some();
        if group && target {
            return true;
        }
        if group && self.refused.contains(&id.name) {
            // A component of the group's name was refused: one error said so.
            return false;
        }
        if group {
            let diagnostic = Diagnostic::error(
                Code::Misplaced,
                format!("`{}` is a group; a flow starts at a component", id.name),
            )
            .with_label(id.span, "a group, not a component")
            .with_help("start the flow at the component inside the group that sends it; a flow may go to a group");
            self.error(diagnostic);
        } else {
            self.report_undefined(id, "used in a flow");
        }
        false
    }

    /// Each flow written to a group becomes a flow to each of its
    /// components (nested groups' too), each taking an even `share` unless
    /// the flow states one; the first is drawn, to the group's box.
    fn expand_group_flows(&mut self) {
        for (from_at, group, flow) in std::mem::take(&mut self.group_flows) {
            let members: Vec<(usize, String)> = self
                .components
                .iter()
                .enumerate()
                .filter_map(|(at, c)| c.as_ref().map(|c| (at, c)))
                .filter(|(at, c)| *at != from_at && self.within(c.group.as_deref(), &group))
                .map(|(at, c)| (at, c.id.clone()))
                .collect();
            if members.is_empty() {
                self.error(
                    Diagnostic::error(
                        Code::Misplaced,
                        format!("the group `{group}` has no component to flow to"),
                    )
                    .with_label(flow.span, "a flow to an empty group")
                    .with_help("put components in the group, or draw the flow to a component"),
                );
                continue;
            }
            let share = 100.0 / members.len() as f64;
            for (i, (at, id)) in members.into_iter().enumerate() {
                let mut attributes = flow.attributes.clone();
                attributes
                    .0
                    .entry("share".into())
                    .or_insert_with(|| Attribute {
                        value: Value::Percent { value: share },
                        text: format!("{}%", (share * 10.0).round() / 10.0),
                        span: flow.span,
                    });
                let member = Flow {
                    to: id,
                    attributes,
                    drawn: i == 0,
                    ..flow.clone()
                };
                self.flows.push(from_at, at, member);
            }
        }
    }

    /// Whether the group `inner` is `outer` or nested in it.
    fn within(&self, inner: Option<&str>, outer: &str) -> bool {
        let mut current = inner.map(str::to_string);
        for _ in 0..=self.groups.len() {
            match current {
                Some(id) if id == outer => return true,
                Some(id) => {
                    current = self
                        .group_index(&id)
                        .and_then(|i| self.groups.get(i))
                        .and_then(|g| g.parent.clone());
                }
                None => return false,
            }
        }
        false
    }

    fn flow(&mut self, flow: &ast::Flow, context: Context) {
        let (attributes, allows) = self.attributes(flow.attributes.as_ref(), Place::Flow);
        let mut valid: HashMap<String, bool> = HashMap::new();
        let last = flow.endpoints.len().saturating_sub(1);
        for (position, endpoint) in flow.endpoints.iter().enumerate() {
            for id in &endpoint.ids {
                if !valid.contains_key(&id.name) {
                    let ok = self.endpoint(id, position == last);
                    valid.insert(id.name.clone(), ok);
                }
            }
        }
        let is_valid = |id: &ast::Ident| valid.get(&id.name).copied().unwrap_or(false);
        for ((from_end, to_end), arrow) in flow
            .endpoints
            .iter()
            .zip(flow.endpoints.iter().skip(1))
            .zip(&flow.arrows)
        {
            for from in &from_end.ids {
                for to in &to_end.ids {
                    if from.name == to.name {
                        self.error(
                            Diagnostic::error(Code::SelfFlow, format!("`{}` flows to itself", from.name))
                                .with_label(from.span.to(to.span), "a flow from a component to itself")
                                .with_help("a component's internal work is not a flow; remove it, or draw it to the component it really calls"),
                        );
                        continue;
                    }
                    let (true, true, Some(from_at)) = (
                        is_valid(from),
                        is_valid(to),
                        self.component_index(&from.name),
                    ) else {
                        continue;
                    };
                    let resolved = Flow {
                        from: from.name.clone(),
                        to: to.name.clone(),
                        kind: flow_kind(arrow.kind),
                        label: flow.label.as_ref().map(|l| l.text.clone()),
                        attributes: attributes.clone(),
                        allows: allows.clone(),
                        stage: context.stage,
                        to_group: None,
                        drawn: true,
                        span: flow.span,
                    };
                    match self.component_index(&to.name) {
                        Some(to_at) => self.flows.push(from_at, to_at, resolved),
                        None => self.group_flows.push((
                            from_at,
                            to.name.clone(),
                            Flow {
                                to_group: Some(to.name.clone()),
                                ..resolved
                            },
                        )),
                    }
                }
            }
        }
    }

    fn remove(&mut self, remove: &ast::Remove) {
        let target = &remove.target;
        match &remove.flow_to {
            Some((_, to)) => {
                let ends = self
                    .component_index(&target.name)
                    .zip(self.component_index(&to.name));
                let removed = ends.map_or(0, |(from, to)| self.flows.remove_between(from, to));
                if removed == 0 {
                    self.error(
                        Diagnostic::error(
                            Code::UndefinedFlow,
                            format!(
                                "there is no flow `{} -> {}` to remove",
                                target.name, to.name
                            ),
                        )
                        .with_label(remove.span, "nothing to remove")
                        .with_help("check the direction and the ids of the flow"),
                    );
                }
            }
            None => {
                if let Some(i) = self.component_index(&target.name) {
                    if let Some(slot) = self.components.get_mut(i) {
                        *slot = None;
                    }
                    self.component_positions.remove(&target.name);
                    self.flows.remove_touching(i);
                } else if let Some(i) = self.group_index(&target.name) {
                    // Its members move to its parent when the level ends.
                    let parent = self.groups.get(i).and_then(|g| g.parent.clone());
                    self.group_positions.remove(&target.name);
                    self.removed_groups.insert(target.name.clone(), parent);
                } else {
                    self.report_undefined(target, "removed");
                    return;
                }
                self.removed.push(target.name.clone());
            }
        }
    }

    /// Moves the members of the groups removed in this level to the nearest
    /// enclosing group that remains, in one pass however many were removed.
    fn settle_removed_groups(&mut self) {
        if self.removed_groups.is_empty() {
            return;
        }
        let removed = std::mem::take(&mut self.removed_groups);
        let remaining = |group: &Option<String>| -> Option<String> {
            let mut at = group.clone();
            // Removed groups form chains (a parent removed too) but no
            // cycles longer than the removals.
            for _ in 0..=removed.len() {
                match at.as_ref().and_then(|g| removed.get(g)) {
                    Some(parent) => at = parent.clone(),
                    None => return at,
                }
            }
            None
        };
        for component in self.components.iter_mut().flatten() {
            component.group = remaining(&component.group);
        }
        self.groups.retain(|g| !removed.contains_key(&g.id));
        for group in &mut self.groups {
            group.parent = remaining(&group.parent);
        }
        self.group_positions = self
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.clone(), i))
            .collect();
    }

    /// `dlq: ID` and `replica_of: ID` must name a component that exists.
    fn check_component_references(&mut self, stage: Option<usize>) {
        let mut missing = Vec::new();
        for component in self.live_components().filter(|c| c.stage == stage) {
            for (key, what) in [
                ("dlq", "named as the dead-letter queue"),
                ("replica_of", "named as the primary of a replica"),
            ] {
                if let Some(attribute) = component.attributes.0.get(key)
                    && let Some(value) = attribute.value.as_text()
                    && self.component_index(value).is_none()
                {
                    missing.push((value.to_string(), attribute.span, what));
                }
            }
        }
        for (id, span, what) in missing {
            self.report_undefined(&ast::Ident { name: id, span }, what);
        }
        self.check_replicas(stage);
    }

    /// A read replica copies a store of its own kind, not itself, and not a
    /// replica: anything else would excuse a single point of failure.
    fn check_replicas(&mut self, stage: Option<usize>) {
        let mut wrong = Vec::new();
        for component in self.live_components().filter(|c| c.stage == stage) {
            let Some(attribute) = component.attributes.0.get("replica_of") else {
                continue;
            };
            let Some(primary) = attribute
                .value
                .as_text()
                .and_then(|id| self.component_index(id))
                .and_then(|at| self.component_at(at))
            else {
                continue;
            };
            let why = if primary.id == component.id {
                Some("a component cannot be a replica of itself".to_string())
            } else if !primary.kind.is_datastore() && primary.kind != Kind::Cache {
                Some(format!(
                    "only databases and caches have read replicas, and `{}` is a `{}`",
                    primary.id,
                    primary.kind.keyword()
                ))
            } else if primary.kind != component.kind {
                Some(format!(
                    "a read replica copies a store of its own kind; `{}` is a `{}` and `{}` a `{}`",
                    component.id,
                    component.kind.keyword(),
                    primary.id,
                    primary.kind.keyword()
                ))
            } else if primary.attributes.0.contains_key("replica_of") {
                Some(format!(
                    "`{}` is a replica itself; name the primary it copies",
                    primary.id
                ))
            } else {
                None
            };
            if let Some(why) = why {
                wrong.push((attribute.span, why));
            }
        }
        for (span, why) in wrong {
            self.error(
                Diagnostic::error(Code::BadValue, format!("`replica_of`: {why}"))
                    .with_label(span, "not a primary this component can copy")
                    .with_help("name the database (or cache) this box is a read replica of"),
            );
        }
    }

    /// Reports each cycle of groups nested in each other once, and cuts it;
    /// and takes a group nested more than [`MAX_NESTING`] levels deep
    /// (through member lists) out of its parent, so that every later walk
    /// up the groups is short.
    fn check_group_nesting(&mut self) {
        for start in 0..self.groups.len() {
            let Some((start_id, span)) = self.groups.get(start).map(|g| (g.id.clone(), g.span))
            else {
                continue;
            };
            let mut seen = HashSet::new();
            let mut level = 1;
            let mut current = self.groups.get(start).and_then(|g| g.parent.clone());
            while let Some(id) = current {
                if !seen.insert(id.clone()) {
                    break;
                }
                let cut = if id == start_id {
                    let mut path: Vec<String> = seen.into_iter().collect();
                    path.sort();
                    Diagnostic::error(
                        Code::GroupCycle,
                        format!("group `{start_id}` ends up inside itself"),
                    )
                    .with_label(span, "this group")
                    .with_help(format!(
                        "the groups {} contain each other in a circle; a group can only nest in one that is not inside it",
                        path.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                    ))
                } else if level == MAX_NESTING {
                    Diagnostic::error(
                        Code::TooDeep,
                        format!("group `{start_id}` is nested more than {MAX_NESTING} levels deep"),
                    )
                    .with_label(span, "this group")
                    .with_help(format!(
                        "groups nest at most {MAX_NESTING} levels, counting the groups that list others as members; flatten some of them"
                    ))
                } else {
                    level += 1;
                    current = self
                        .group_index(&id)
                        .and_then(|i| self.groups.get(i))
                        .and_then(|g| g.parent.clone());
                    continue;
                };
                self.error(cut);
                if let Some(group) = self.groups.get_mut(start) {
                    group.parent = None;
                }
                break;
            }
        }
    }

    fn snapshot(&self) -> Design {
        let groups = self.groups.iter().map(|draft| Group {
            id: draft.id.clone(),
            label: draft.label.clone(),
            parent: draft.parent.clone(),
            members: Vec::new(),
            span: draft.span,
        });
        Design::from_parts(
            self.live_components().cloned(),
            self.flows.iter().cloned(),
            groups,
        )
    }

    fn walkthrough(&mut self, walkthrough: &ast::Walkthrough, design: &Design) -> Walkthrough {
        let mut steps = Vec::new();
        for statement in statements(&walkthrough.body) {
            let Statement::Flow(flow) = statement else {
                continue;
            };
            for ((from_end, to_end), arrow) in flow
                .endpoints
                .iter()
                .zip(flow.endpoints.iter().skip(1))
                .zip(&flow.arrows)
            {
                for from in &from_end.ids {
                    for to in &to_end.ids {
                        let hop = Hop { from, to, arrow };
                        if let Some(step) = self.step(hop, flow, design) {
                            steps.push(step);
                        }
                    }
                }
            }
        }
        Walkthrough {
            name: walkthrough.name.value.clone(),
            slug: slug(&walkthrough.name.value),
            steps,
            span: walkthrough.span,
        }
    }

    fn step(&mut self, hop: Hop, flow: &ast::Flow, design: &Design) -> Option<Step> {
        let Hop { from, to, arrow } = hop;
        if design.node(&to.name).is_none() && design.group(&to.name).is_some() {
            return self.step_to_group(hop, flow, design);
        }
        let mut ends = Vec::new();
        for id in [from, to] {
            match design.node(&id.name) {
                Some(node) => ends.push(node),
                None => {
                    self.report_undefined(id, "used in a walkthrough");
                }
            }
        }
        let [a, b] = ends.as_slice() else { return None };
        let label = flow.label.as_ref().map(|l| l.text.as_str());
        let Some(edge) = flow_for_step(design, (*a, *b), flow_kind(arrow.kind), label) else {
            self.no_flow_for_step(
                from,
                to,
                format!(
                    "the design has no flow between `{}` and `{}`",
                    from.name, to.name
                ),
                "fix the step; a walkthrough retraces flows the design draws",
            );
            return None;
        };
        // A step to one member of a group travels the line drawn to the group.
        let drawn = design.graph.edge_weight(edge).and_then(|f| {
            let group = f.to_group.as_deref()?;
            design.drawn_to_group(&from.name, group, f.kind)
        });
        Some(step_along(from, to, flow, drawn.unwrap_or(edge)))
    }

    fn no_flow_for_step(&mut self, from: &ast::Ident, to: &ast::Ident, message: String, or: &str) {
        self.error(
            Diagnostic::error(Code::UndefinedFlow, message)
                .with_label(
                    from.span.to(to.span),
                    "this step follows no flow of the design",
                )
                .with_help(format!(
                    "add `{} -> {}` to the design, or {or}",
                    from.name, to.name
                )),
        );
    }

    /// A step along a flow written to a group: it takes the flow drawn to
    /// the group's box.
    fn step_to_group(
        &mut self,
        Hop { from, to, arrow }: Hop,
        flow: &ast::Flow,
        design: &Design,
    ) -> Option<Step> {
        let kind = flow_kind(arrow.kind);
        let Some(edge) = design.drawn_to_group(&from.name, &to.name, kind) else {
            self.no_flow_for_step(
                from,
                to,
                format!(
                    "the design has no flow from `{}` to the group `{}`",
                    from.name, to.name
                ),
                &format!("name a member of `{}`", to.name),
            );
            return None;
        };
        Some(step_along(from, to, flow, edge))
    }

    /// Walkthroughs become files named after their slug, so two must differ.
    fn unique_walkthroughs(&mut self, walkthroughs: &[Walkthrough]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for walkthrough in walkthroughs {
            if let Some(first) = seen.get(walkthrough.slug.as_str()) {
                let first = *first;
                self.error(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("two walkthroughs are named `{}`", walkthrough.slug),
                    )
                    .with_label(walkthrough.span, "second walkthrough")
                    .with_label(first, "first one here")
                    .with_help("give each `flow` its own name"),
                );
            } else {
                seen.insert(&walkthrough.slug, walkthrough.span);
            }
        }
    }
}

/// One hop of a walkthrough's chain: its two ends and the arrow between.
#[derive(Clone, Copy)]
struct Hop<'a> {
    from: &'a ast::Ident,
    to: &'a ast::Ident,
    arrow: &'a ast::Arrow,
}

/// The flow a step between `ends` retraces: of the flows between them, one
/// of the step's kind in its direction first (for `<->`, either way), then
/// any in its direction, then one of its kind the other way (a reply),
/// then any. Two ends may be
/// joined by a call and a WebSocket both; the step's arrow tells which.
/// The flow a walkthrough's step from `a` to `b` retraces: of the flows
/// between them, one of the step's kind before others and the way it is
/// written before the other way; among several alike, the one whose label
/// the step repeats, else the last declared (as steps always took).
fn flow_for_step(
    design: &Design,
    (a, b): (NodeIndex, NodeIndex),
    kind: FlowKind,
    label: Option<&str>,
) -> Option<EdgeIndex> {
    let pick = |s, t, only_kind: bool| {
        let mut flows: Vec<EdgeReference<'_, Flow>> = design
            .graph
            .edges_connecting(s, t)
            .filter(|e| !only_kind || e.weight().kind == kind)
            .collect();
        flows.sort_by_key(|e| e.id());
        let says = |e: &&EdgeReference<'_, Flow>| {
            label.is_some_and(|l| {
                e.weight()
                    .label
                    .as_deref()
                    .is_some_and(|own| own.eq_ignore_ascii_case(l))
            })
        };
        flows.iter().find(says).or(flows.last()).map(|e| e.id())
    };
    // A two-way flow is the same flow whichever way it is written.
    let two_way = kind == FlowKind::Both;
    pick(a, b, true)
        .or_else(|| two_way.then(|| pick(b, a, true)).flatten())
        .or_else(|| pick(a, b, false))
        .or_else(|| pick(b, a, true))
        .or_else(|| pick(b, a, false))
}

/// The step from `from` to `to` along `edge`, as written in `flow`.
fn step_along(from: &ast::Ident, to: &ast::Ident, flow: &ast::Flow, edge: EdgeIndex) -> Step {
    Step {
        from: from.name.clone(),
        to: to.name.clone(),
        label: flow.label.as_ref().map(|l| l.text.clone()),
        flow: edge,
        span: flow.span,
    }
}

fn flow_kind(arrow: ArrowKind) -> FlowKind {
    match arrow {
        ArrowKind::Sync => FlowKind::Sync,
        ArrowKind::Async => FlowKind::Async,
        ArrowKind::Both => FlowKind::Both,
    }
}

/// Counts the statements that declare each name anywhere in the file.
fn count_declarations(body: &Body, counts: &mut HashMap<String, usize>) {
    for statement in statements(body) {
        match statement {
            Statement::Component(component) => {
                *counts.entry(component.id.name.clone()).or_default() += 1
            }
            Statement::Group(group) => {
                let id = group
                    .id
                    .as_ref()
                    .map(|id| id.name.clone())
                    .unwrap_or_else(|| slug(group.label.as_ref().map_or("group", |l| &l.value)));
                *counts.entry(id).or_default() += 1;
                count_declarations(&group.body, counts);
            }
            Statement::Stage(stage) => count_declarations(&stage.body, counts),
            _ => {}
        }
    }
}

/// Lower case, letters and digits kept, every other run of characters one `-`.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "unnamed".to_string()
    } else {
        slug
    }
}
