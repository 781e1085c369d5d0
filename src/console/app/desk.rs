//! The call-taker's desk: opening the intake form, typing into it, saving
//! it (or queueing it while offline), and what comes back.

use super::intake::{Field, FormState, IntakeForm};
use super::{App, Conn, Level, Mode, OnYes, Pending};
use crate::console::action::Action;
use crate::console::msg::Effect;
use crate::model::{Item, Kind, may_create};
use crate::present::labels;
use crate::t;

/// The label a form's create carries, so its answer finds the form.
pub const FORM_LABEL: &str = "logged";

/// Opens `form` beside the queues with the keyboard in it; an open form
/// with text in it is kept rather than replaced.
pub fn open_form(app: &mut App, form: IntakeForm) {
    if !may_create(app.role()) {
        let text = t!(
            app.ui.lang,
            "desk-may-not-log",
            role = labels::role(app.ui.lang, app.role())
        );
        app.say(Level::Warning, text);
        return;
    }
    match &app.ui.intake {
        Some(open) if open.is_filled() => {
            let text = t!(app.ui.lang, "desk-form-stays");
            app.say(Level::Info, text);
        }
        _ => app.ui.intake = Some(form),
    }
    app.ui.mode = Mode::Form;
}

/// `i` or `:new`: a new ticket's form, or back into the open one.
pub fn new_call(app: &mut App) -> Vec<Effect> {
    open_form(app, IntakeForm::new(Kind::Ticket));
    Vec::new()
}

/// `:new …`: the form with the line's fields; saved at once when they make
/// a whole report (description, category and place), else left open with
/// what is missing marked.
pub fn from_line(app: &mut App, form: IntakeForm) -> Vec<Effect> {
    let whole = [Field::Description, Field::Category]
        .iter()
        .all(|f| !form.value(*f).trim().is_empty())
        && !(form.value(Field::Place).trim().is_empty() && form.value(Field::Address).trim().is_empty());
    if app.ui.intake.as_ref().is_some_and(IntakeForm::is_filled) {
        app.ui.mode = Mode::Form;
        let text = t!(app.ui.lang, "desk-busy");
        app.say(Level::Warning, text);
        return Vec::new();
    }
    open_form(app, form);
    if app.ui.intake.is_none() {
        return Vec::new();
    }
    if whole {
        return save(app);
    }
    if let Some(form) = app.ui.intake.as_mut()
        && let Some(first) = Field::ALL.iter().find(|f| form.value(**f).trim().is_empty())
    {
        form.focus = *first;
    }
    Vec::new()
}

/// A key bound in the form's context.
pub fn on_form_action(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(form) = app.ui.intake.as_mut() else {
        app.ui.mode = Mode::Normal;
        return Vec::new();
    };
    match action {
        Action::NextField => form.step(true),
        Action::PrevField => form.step(false),
        Action::DeleteBack => form.delete_back(),
        Action::FormEnter if form.focus == Field::Description => form.type_char('\n'),
        Action::FormEnter => form.step(true),
        Action::SaveForm => return save(app),
        Action::LeaveForm => {
            app.ui.mode = Mode::Normal;
            let text = t!(app.ui.lang, "desk-left-form");
            app.say(Level::Info, text);
        }
        Action::Cancel => drop_form(app),
        _ => {}
    }
    Vec::new()
}

/// A character typed into the focused field.
pub fn type_char(app: &mut App, c: char) {
    if let Some(form) = app.ui.intake.as_mut() {
        form.type_char(c);
    }
    complete_place(app);
}

/// After an edit that typed no character (a deletion): completions follow.
pub fn type_char_done(app: &mut App) {
    complete_place(app);
}

/// The directory's districts, streets and communities as a place index.
pub fn place_index(dir: &crate::api::Directory) -> crate::model::suggest::PlaceIndex {
    use crate::model::suggest::{Level, PlaceIndex};
    let mut places = Vec::new();
    for d in &dir.districts {
        places.push((Level::District, d.name.clone(), d.name.clone()));
        for s in &d.streets {
            let street = format!("{}/{}", d.name, s.name);
            places.push((Level::Street, street.clone(), s.name.clone()));
            for c in s.community_names.iter().filter(|c| !c.is_empty()) {
                places.push((Level::Community, format!("{street}/{c}"), c.clone()));
            }
        }
    }
    PlaceIndex::from_places(places)
}

/// Completions for the place field as typed; the caller's earlier places
/// (from the history) first.
fn complete_place(app: &mut App) {
    let Some(form) = app.ui.intake.as_mut() else {
        return;
    };
    if form.focus != Field::Place {
        return;
    }
    let earlier: Vec<String> = form
        .history
        .iter()
        .flat_map(|h| &h.items)
        .filter_map(|i| match (&i.place.district, &i.place.street) {
            (Some(d), Some(s)) => Some(format!("{d}/{s}")),
            (Some(d), None) => Some(d.clone()),
            _ => None,
        })
        .collect();
    // `太和区/xm`: the last part completes, under the parts already typed.
    let typed = form.value(Field::Place);
    let (under, last) = match typed.rsplit_once(['/', '／']) {
        Some((under, last)) => (format!("{under}/"), last),
        None => (String::new(), typed),
    };
    form.place_hits = app
        .remote
        .places
        .complete(last, &earlier, 64)
        .into_iter()
        .filter(|h| h.path.starts_with(&under))
        .take(3)
        .collect();
}

/// `esc`: an empty form closes; a filled one asks first.
fn drop_form(app: &mut App) {
    let filled = app.ui.intake.as_ref().is_some_and(IntakeForm::is_filled);
    if !filled {
        app.ui.intake = None;
        app.ui.mode = Mode::Normal;
        return;
    }
    app.ui.mode = Mode::Confirm(Pending {
        prompt: t!(app.ui.lang, "desk-drop-confirm"),
        requests: Vec::new(),
        on_yes: OnYes::DropForm,
    });
}

/// The fields checked, then the create sent — or queued while offline.
pub fn save(app: &mut App) -> Vec<Effect> {
    let categories = app
        .remote
        .directory
        .as_ref()
        .map(|d| d.categories.clone())
        .unwrap_or_default();
    let live = app.session.conn == Conn::Live;
    let lang = app.ui.lang;
    let Some(form) = app.ui.intake.as_mut() else {
        return Vec::new();
    };
    if form.state == FormState::Sending {
        app.say(Level::Info, t!(lang, "desk-already-sent"));
        return Vec::new();
    }
    if categories.is_empty() {
        form.error = Some(t!(lang, "form-err-no-directory"));
        return Vec::new();
    }
    let Some(request) = form.check(&categories, lang) else {
        let n = form.errors.len();
        app.say(Level::Warning, t!(lang, "desk-fields-to-mend", n = n));
        return Vec::new();
    };
    if !live {
        form.state = FormState::Queued;
        app.say(Level::Warning, t!(lang, "desk-offline-kept"));
        return Vec::new();
    }
    form.state = FormState::Sending;
    app.say(Level::Info, t!(lang, "desk-logging"));
    vec![Effect::Create {
        request: Box::new(request),
        label: FORM_LABEL.into(),
    }]
}

/// Saves a form that carries a follow-up (an answer, a merge). If it was
/// not sent (a field to mend), the follow-up is dropped: the next plain
/// save must not answer or merge by surprise. A queued form keeps it.
pub fn save_with_follow_up(app: &mut App) -> Vec<Effect> {
    let effects = save(app);
    if effects.is_empty()
        && let Some(form) = app.ui.intake.as_mut()
        && form.state == FormState::Editing
    {
        form.answer_with = None;
        form.merge_into = None;
    }
    effects
}

/// The connection is live again: a queued form goes now.
pub fn on_live_again(app: &mut App) -> Vec<Effect> {
    let queued = app
        .ui
        .intake
        .as_ref()
        .is_some_and(|f| f.state == FormState::Queued);
    if !queued {
        return Vec::new();
    }
    if let Some(form) = app.ui.intake.as_mut() {
        form.state = FormState::Editing;
    }
    save(app)
}

/// `f4`: the call answered from the best-matching knowledge entry. The
/// ticket is logged (taking the first suggested category when none is
/// chosen) and then answered with the entry's text, its id recorded.
pub fn answer_from_knowledge(app: &mut App) -> Vec<Effect> {
    let lang = app.ui.lang;
    let Some(form) = app.ui.intake.as_mut() else {
        return Vec::new();
    };
    let Some((_, s)) = &form.suggested else {
        app.say(Level::Info, t!(lang, "desk-no-knowledge-yet"));
        return Vec::new();
    };
    let (Some(entry), first) = (s.knowledge.first().cloned(), s.categories.first().cloned()) else {
        app.say(Level::Info, t!(lang, "desk-no-knowledge-match"));
        return Vec::new();
    };
    if form.value(Field::Category).trim().is_empty()
        && let Some(c) = first
    {
        form.set(Field::Category, c.code);
    }
    form.answer_with = Some((entry.id.clone(), entry.answer.clone()));
    save_with_follow_up(app)
}

/// The caller's open item of the form's category (or of any category when
/// none is chosen yet), from the history: where a repeat call belongs.
pub fn open_twin(form: &IntakeForm) -> Option<&crate::api::CallerItem> {
    let category = form.value(Field::Category).trim();
    form.history.as_ref()?.items.iter().find(|i| {
        i.status.is_open()
            && i.kind == form.kind
            && (category.is_empty() || i.category.eq_ignore_ascii_case(category))
    })
}

/// `alt-m`: the call is logged and merged into the caller's open item of
/// the same category, whose callers then include this one.
pub fn add_to_open(app: &mut App) -> Vec<Effect> {
    let lang = app.ui.lang;
    let Some(form) = app.ui.intake.as_mut() else {
        return Vec::new();
    };
    let Some(twin) = open_twin(form).cloned() else {
        app.say(Level::Info, t!(lang, "desk-no-twin"));
        return Vec::new();
    };
    if form.value(Field::Category).trim().is_empty() {
        form.set(Field::Category, twin.category.clone());
    }
    if form.value(Field::Place).trim().is_empty() && form.value(Field::Address).trim().is_empty() {
        let place = [&twin.place.district, &twin.place.street]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("/");
        form.set(Field::Place, place);
    }
    form.merge_into = Some(twin.id.clone());
    save_with_follow_up(app)
}

/// The server's answer to the form's create; a call answered from the
/// knowledge base is answered now, a repeat call merged into its twin.
pub fn on_logged(app: &mut App, result: Result<&Item, &str>) -> Vec<Effect> {
    match result {
        Ok(item) => {
            let answer = app.ui.intake.as_mut().and_then(|f| f.answer_with.take());
            let merge = app.ui.intake.as_mut().and_then(|f| f.merge_into.take());
            app.ui.intake = None;
            if matches!(app.ui.mode, Mode::Form) {
                app.ui.mode = Mode::Normal;
            }
            let text = t!(
                app.ui.lang,
                "desk-logged",
                id = item.id.as_str(),
                title = item.title.as_str(),
                category = item.category.as_str()
            );
            app.say(Level::Info, text);
            if let Some(into) = merge {
                let action = crate::model::Action::Merge { into: into.clone() };
                return vec![Effect::Act {
                    id: item.id.clone(),
                    request: crate::api::ActionRequest::new(action, item.version),
                    label: t!(app.ui.lang, "desk-merged-label", into = into.as_str()),
                }];
            }
            let Some((entry, text)) = answer else {
                return Vec::new();
            };
            let action = crate::model::Action::Answer {
                answer: text,
                entry: Some(entry.clone()),
            };
            vec![Effect::Act {
                id: item.id.clone(),
                request: crate::api::ActionRequest::new(action, item.version),
                label: t!(app.ui.lang, "desk-answered-label", entry = entry.as_str()),
            }]
        }
        Err(message) => {
            if let Some(form) = app.ui.intake.as_mut() {
                form.refused(message);
            }
            let text = t!(app.ui.lang, "desk-not-logged", message = message);
            app.say(Level::Error, text);
            Vec::new()
        }
    }
}

/// Asks for suggestions when the description changed since the last
/// answer and no request is out (the answer asks again if the text moved
/// on meanwhile), so a fast typist never piles requests on the server.
pub fn want_suggestions(app: &mut App) -> Vec<Effect> {
    if app.session.conn != Conn::Live {
        return Vec::new();
    }
    let Some(form) = app.ui.intake.as_mut() else {
        return Vec::new();
    };
    let text = form.value(Field::Description).trim().to_owned();
    let answered = form.suggested.as_ref().is_some_and(|(t, _)| *t == text);
    if text.is_empty() || answered || form.asked.is_some() {
        return Vec::new();
    }
    form.asked = Some(text.clone());
    vec![Effect::Suggest(text)]
}

/// The server's suggestions for `text`.
pub fn on_suggested(
    app: &mut App,
    text: String,
    result: Result<Box<crate::api::SuggestResponse>, String>,
) -> Vec<Effect> {
    let lang = app.ui.lang;
    let Some(form) = app.ui.intake.as_mut() else {
        return Vec::new();
    };
    form.asked = None;
    match result {
        Ok(answer) => form.suggested = Some((text, *answer)),
        Err(e) => {
            app.say(Level::Warning, t!(lang, "desk-no-suggestions", error = e));
            return Vec::new();
        }
    }
    want_suggestions(app)
}

/// `alt-1`…`alt-3`: takes the n-th suggestion into the form: a place
/// completion in the place field, a suggested category elsewhere.
pub fn take_suggestion(app: &mut App, n: usize) {
    let lang = app.ui.lang;
    let Some(form) = app.ui.intake.as_mut() else {
        return;
    };
    if form.focus == Field::Place {
        match form.place_hits.get(n.saturating_sub(1)).cloned() {
            Some(hit) => {
                form.set(Field::Place, hit.path.clone());
                form.place_hits.clear();
                app.say(Level::Info, t!(lang, "desk-place", place = hit.path.as_str()));
            }
            None => app.say(Level::Info, t!(lang, "desk-no-place", n = n)),
        }
        return;
    }
    let Some(category) = form
        .suggested
        .as_ref()
        .and_then(|(_, s)| s.categories.get(n.saturating_sub(1)))
        .cloned()
    else {
        app.say(Level::Info, t!(lang, "desk-no-suggestion", n = n));
        return;
    };
    form.set(Field::Category, category.code.clone());
    // Typing the complaint, then taking its category: where it is comes next.
    if matches!(form.focus, Field::Description | Field::Category) {
        form.focus = Field::Place;
    }
    if form.value(Field::Priority).is_empty() {
        form.errors.remove(&Field::Priority);
    }
    let reasons: Vec<String> = category
        .reasons
        .iter()
        .map(|r| crate::present::reasons::suggest_reason(lang, r))
        .collect();
    let reasons = match lang {
        crate::present::i18n::Lang::En => reasons.join(", "),
        _ => reasons.join("、"),
    };
    app.say(
        Level::Info,
        t!(
            lang,
            "desk-category",
            code = category.code.as_str(),
            name = category.name.as_str(),
            reasons = reasons
        ),
    );
}

/// The telephone system rang this desk (a screen pop): the form opens with
/// the number and the call's id, and the caller's history is asked for.
/// A form with text in it is not replaced: the call waits in the status.
pub fn on_call(app: &mut App, call: crate::api::Call) -> Vec<Effect> {
    let busy = app.ui.intake.as_ref().is_some_and(IntakeForm::is_filled);
    if busy {
        let text = t!(app.ui.lang, "desk-calling-busy", phone = call.phone.as_str());
        app.say(Level::Warning, text);
        return Vec::new();
    }
    let mut form = IntakeForm::new(Kind::Ticket);
    form.set(Field::Phone, call.phone.clone());
    form.call_id = call.call_id.clone();
    form.focus = Field::Name;
    if takes_keyboard(app) {
        open_form(app, form);
        let text = t!(app.ui.lang, "desk-calling", phone = call.phone.as_str());
        app.say(Level::Info, text);
    } else if may_create(app.role()) {
        // Mid-work, a ring must not turn the next key into form text: the
        // form waits beside the queues until `i`.
        app.ui.intake = Some(form);
        let text = t!(app.ui.lang, "desk-calling-waits", phone = call.phone.as_str());
        app.say(Level::Warning, text);
    }
    want_history(app)
}

/// Keys typed this recently belong to what the operator was doing.
const IDLE: time::Duration = time::Duration::seconds(3);

/// May a ringing call put the keyboard in its form: at the list or the
/// form, with no key pressed in the last moments?
fn takes_keyboard(app: &App) -> bool {
    let idle = app.ui.last_key_at.is_none_or(|t| app.now - t >= IDLE);
    idle && matches!(app.ui.mode, Mode::Normal | Mode::Form)
}

/// Asks for the caller's history once the phone number is complete (and
/// not again for the same number).
pub fn want_history(app: &mut App) -> Vec<Effect> {
    if app.session.conn != Conn::Live {
        return Vec::new();
    }
    let Some(form) = app.ui.intake.as_mut() else {
        return Vec::new();
    };
    let Some(phone) = super::intake::phone_digits(form.value(Field::Phone)) else {
        return Vec::new();
    };
    if form.history_for.as_deref() == Some(phone.as_str()) {
        return Vec::new();
    }
    form.history_for = Some(phone.clone());
    form.history = None;
    vec![Effect::FetchHistory(phone)]
}

/// The caller's history arrived; kept only if the form still has that number.
pub fn on_history(
    app: &mut App,
    phone: String,
    result: Result<Box<crate::api::CallerHistory>, String>,
) -> Vec<Effect> {
    let lang = app.ui.lang;
    let Some(form) = app.ui.intake.as_mut() else {
        return Vec::new();
    };
    if form.history_for.as_deref() != Some(phone.as_str()) {
        return Vec::new();
    }
    match result {
        Ok(history) => form.history = Some(*history),
        Err(e) => app.say(
            Level::Warning,
            t!(lang, "desk-no-history", phone = phone.as_str(), error = e),
        ),
    }
    Vec::new()
}
