//! The pickers the console opens where a bare `:` line made the operator
//! guess: a department to dispatch to (with names, open load and the
//! routing suggestion), a supervision card, a priority, an emergency
//! service, an incident category. A verb key without words whose first
//! parameter is one of these kinds opens a picker (the incident categories
//! for raising are built in `workflows`); `:dispatch water` typed
//! on the line still works as before. Choosing sends the verb through the
//! same path as the line (`act::request`), with its checks and questions.

use super::act::{find, refusal, request};
use super::picker::{Choice, PickOption, Picker, Then};
use super::{App, InputKind, InputLine, Level, Mode};
use crate::api::{ItemDetail, RouteHint};
use crate::console::action::{Action, VerbKey};
use crate::console::msg::Effect;
use crate::model::verbs::{ParamKind, Verb, parse_words};
use crate::model::{ActionName, Item, Priority};
use crate::present::i18n::{Lang, tr};
use crate::t;

/// Rows a page key moves.
const PAGE: isize = 8;

/// The picker for a verb key without words, when its first parameter is a
/// kind a list can hold; `None` leaves the key to the `:` line.
pub fn open_for_verb(app: &mut App, key: &VerbKey) -> Option<Vec<Effect>> {
    let verb = key.spec();
    let kind = verb.params.first()?.kind;
    if key.ask || !key.words.is_empty() || !pickable(kind) {
        return None;
    }
    let targets = app.targets();
    let Some(first) = targets.first().and_then(|id| find(app, id)).cloned() else {
        let text = app.nothing_selected();
        app.say(Level::Warning, text);
        return Some(Vec::new());
    };
    // Refuse at once what the choice could not change: no list to go
    // through only to hear "not allowed while new".
    let refused: Vec<String> = targets
        .iter()
        .filter_map(|id| match find(app, id) {
            Some(item) => refusal(app, item, verb.name),
            None => Some(t!(app.ui.lang, "not-loaded", id = id.as_str())),
        })
        .collect();
    if refused.len() == targets.len() {
        app.say(Level::Warning, refused.join("; "));
        return Some(Vec::new());
    }
    let single = (targets.len() == 1).then_some(&first);
    let lang = app.ui.lang;
    let options = match kind {
        ParamKind::Department => departments(app, single),
        ParamKind::Supervision => cards(single, lang),
        ParamKind::Priority => priorities(single, lang),
        ParamKind::LinkTarget => {
            let mut o = emergency(lang);
            o.push(PickOption::new(&t!(lang, "picker-item-id"), "", &t!(lang, "picker-type-it")).type_line());
            o
        }
        _ => emergency(lang),
    };
    let whom = match targets.len() {
        1 => first.id.to_string(),
        n => t!(lang, "picker-marked", n = n),
    };
    let title = format!("{} {whom}", crate::present::labels::verb(lang, verb.command));
    let mut picker = Picker::new(title, Then::Verb(verb.name), options);
    let mut effects = Vec::new();
    if let Some(item) = single {
        picker = picker.for_item(item.id.clone());
        // The server knows the routes and the loads: ask where they would
        // send it, unless the open detail already says.
        if kind == ParamKind::Department && route_hint(app, item).is_none() {
            effects.push(Effect::FetchDetail(item.id.clone()));
        }
    }
    app.open(Mode::Pick(picker));
    Some(effects)
}

/// The server's route for `item`, from its detail when the console holds it.
fn route_hint<'a>(app: &'a App, item: &Item) -> Option<&'a RouteHint> {
    app.remote
        .detail
        .as_ref()
        .filter(|d| d.item.item.id == item.id)
        .and_then(|d| d.route.as_ref())
}

/// The routes' choice as the picker shows it; none when it is where the
/// item already is.
fn route_suggestion(item: &Item, hint: &RouteHint) -> Option<(String, String)> {
    if item.department.as_deref() == Some(hint.department.as_str()) {
        return None;
    }
    let why = if hint.auto {
        hint.rule.clone()
    } else {
        // Said first: a long rule is cut at the popup's edge.
        format!("suggest-only {}", hint.rule)
    };
    Some((hint.department.clone(), why))
}

/// An item's detail arrived: if a department picker is open for it, the
/// server's route becomes its suggestion.
pub fn on_detail(app: &mut App, detail: &ItemDetail) {
    let item = &detail.item.item;
    let Mode::Pick(picker) = &mut app.ui.mode else {
        return;
    };
    if picker.item.as_ref() != Some(&item.id) || picker.then != Then::Verb(ActionName::Dispatch) {
        return;
    }
    if let Some((code, why)) = detail.route.as_ref().and_then(|h| route_suggestion(item, h)) {
        picker.suggest(&code, &why);
    }
}

fn pickable(kind: ParamKind) -> bool {
    matches!(
        kind,
        ParamKind::Department
            | ParamKind::Supervision
            | ParamKind::Priority
            | ParamKind::LinkTarget
            | ParamKind::Emergency
    )
}

/// Every department in the directory's order, with its open load; the
/// taxonomy's department for the item's category first, unless it is
/// where the item already is or has returned it.
fn departments(app: &App, item: Option<&Item>) -> Vec<PickOption> {
    let suggested = item.and_then(|i| match route_hint(app, i) {
        Some(hint) => route_suggestion(i, hint),
        None => suggested_department(app, i),
    });
    let rows: Vec<(String, String)> = match &app.remote.directory {
        Some(dir) => dir
            .departments
            .iter()
            .map(|d| (d.code.clone(), d.name.clone()))
            .collect(),
        None => app
            .directory_rows()
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect(),
    };
    rows.into_iter()
        .map(|(code, name)| {
            let lang = app.ui.lang;
            let open = app.derived.dept_load.get(&code).copied().unwrap_or(0);
            let mut detail = t!(lang, "picker-open", n = open);
            if let Some(i) = item {
                if i.department.as_deref() == Some(code.as_str()) {
                    detail.push_str(&format!(" · {}", t!(lang, "picker-has-it")));
                }
                if i.returned_by.contains(&code) {
                    detail.push_str(&format!(" · {}", t!(lang, "picker-returned-it")));
                }
            }
            let option = PickOption::new(&name, &code, &detail);
            match &suggested {
                Some((c, why)) if *c == code => option.suggest(why.clone()),
                _ => option,
            }
        })
        .collect()
}

/// Until the server's route arrives: where the routes' catch-all (`to =
/// ["category"]`) would send the item, the taxonomy's department for its
/// category, with the reason. None when that department has it now or
/// returned it: the dispatcher decides.
pub fn suggested_department(app: &App, item: &Item) -> Option<(String, String)> {
    let dir = app.remote.directory.as_ref()?;
    let category = dir.categories.iter().find(|c| c.code == item.category)?;
    let code = &category.department;
    let taken = item.department.as_ref() == Some(code) || item.returned_by.contains(code);
    let known = dir.departments.iter().any(|d| d.code == *code);
    (!taken && known).then(|| {
        let why = t!(
            app.ui.lang,
            "picker-category-department",
            code = category.code.as_str(),
            name = category.name.as_str(),
            department = code.as_str()
        );
        (code.clone(), why)
    })
}

fn now_mark(is_now: bool, lang: Lang) -> String {
    if is_now {
        format!(" · {}", t!(lang, "picker-now"))
    } else {
        String::new()
    }
}

/// The cards, each named and explained in `lang` (`card-pick-` + its
/// code); the code is what the `:` line takes.
fn cards(item: Option<&Item>, lang: Lang) -> Vec<PickOption> {
    use crate::model::Supervision as S;
    [
        (S::Normal, "normal"),
        (S::Yellow, "yellow"),
        (S::Red, "red"),
        (S::None, "none"),
    ]
    .into_iter()
    .map(|(level, code)| {
        let now = item.is_some_and(|i| i.supervision == level);
        // The Chinese name in both languages: typing its pinyin finds it.
        let label = tr(Lang::ZhCn, &format!("card-pick-{code}"));
        let meaning = tr(lang, &format!("card-pick-{code}-meaning"));
        PickOption::new(&label, code, &format!("{meaning}{}", now_mark(now, lang)))
    })
    .collect()
}

fn priorities(item: Option<&Item>, lang: Lang) -> Vec<PickOption> {
    [Priority::P1, Priority::P2, Priority::P3, Priority::P4]
        .into_iter()
        .map(|p| {
            let now = item.is_some_and(|i| i.priority == p);
            let code = p.to_string();
            let meaning = tr(lang, &format!("priority-pick-{}", code.to_lowercase()));
            PickOption::new(&code, &code, &format!("{meaning}{}", now_mark(now, lang)))
        })
        .collect()
}

/// The emergency services by number and short Chinese name (typing its
/// pinyin finds it), in English with what they are.
fn emergency(lang: Lang) -> Vec<PickOption> {
    [
        ("公安", "110", "police"),
        ("消防", "119", "fire"),
        ("急救", "120", "ambulance"),
        ("交警", "122", "traffic police"),
    ]
    .into_iter()
    .map(|(name, number, gloss)| match lang {
        Lang::ZhCn => PickOption::new(name, number, ""),
        Lang::En => PickOption::new(name, number, gloss),
    })
    .collect()
}

/// A key while a picker is open; `None` when the mode is not a picker.
pub fn on_action(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let Mode::Pick(picker) = &mut app.ui.mode else {
        return None;
    };
    match action {
        Action::Up => picker.move_by(-1),
        Action::Down => picker.move_by(1),
        Action::PageUp => picker.move_by(-PAGE),
        Action::PageDown => picker.move_by(PAGE),
        Action::Top => picker.to_end(false),
        Action::Bottom => picker.to_end(true),
        Action::DeleteBack => picker.delete_back(),
        Action::Submit => return Some(choose(app)),
        Action::Cancel => {
            app.close();
            let text = t!(app.ui.lang, "picker-cancelled");
            app.say(Level::Info, text);
        }
        // Keys that are not the picker's do nothing while it is open.
        _ => {}
    }
    Some(Vec::new())
}

/// Typing narrows the list.
pub fn type_char(app: &mut App, c: char) -> bool {
    match &mut app.ui.mode {
        Mode::Pick(picker) => {
            picker.type_char(c);
            true
        }
        _ => false,
    }
}

/// Takes the selected option: back where the picker was opened (so the
/// verb acts on the detail's item, or the marked rows, as the `:` line
/// would), then the verb.
fn choose(app: &mut App) -> Vec<Effect> {
    let Mode::Pick(picker) = std::mem::replace(&mut app.ui.mode, Mode::Normal) else {
        return Vec::new();
    };
    let Some(option) = picker.selected().cloned() else {
        let text = t!(
            app.ui.lang,
            "picker-no-match",
            text = format!("{:?}", picker.filter)
        );
        app.ui.mode = Mode::Pick(picker);
        app.say(Level::Warning, text);
        return Vec::new();
    };
    app.close();
    match (option.choice, picker.then) {
        (Choice::TypeLine, Then::Verb(name)) => {
            let line = format!("{} ", Verb::of(name).command);
            app.open(Mode::Input(InputLine::new(InputKind::Command, &line)));
            Vec::new()
        }
        (Choice::TypeLine, Then::Raise { title }) => {
            let line = format!("raise {title}");
            app.open(Mode::Input(InputLine::new(InputKind::Command, &line)));
            Vec::new()
        }
        (Choice::Word(word), Then::Verb(name)) => match parse_words(Verb::of(name), &word) {
            Ok(action) => request(app, action),
            Err(e) => {
                let text = crate::present::verbs::words_error(app.ui.lang, &e);
                app.say(Level::Error, text);
                Vec::new()
            }
        },
        (Choice::Word(code), Then::Raise { title }) => super::workflows::raise(app, Some(code), title),
    }
}

/// The verbs a key opens a picker for, for help and tests.
pub fn opens_picker(name: ActionName) -> bool {
    Verb::of(name).params.first().is_some_and(|p| pickable(p.kind))
}
