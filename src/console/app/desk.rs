//! The call-taker's desk: opening the intake form, typing into it, saving
//! it (or queueing it while offline), and what comes back.

use super::intake::{Field, FormState, IntakeForm};
use super::{App, Conn, Level, Mode, Pending};
use crate::console::action::Action;
use crate::console::msg::Effect;
use crate::model::{Item, Kind, may_create};

/// The label a form's create carries, so its answer finds the form.
pub const FORM_LABEL: &str = "logged";

/// Opens `form` beside the queues with the keyboard in it; an open form
/// with text in it is kept rather than replaced.
pub fn open_form(app: &mut App, form: IntakeForm) {
    if !may_create(app.role()) {
        app.say(Level::Warning, format!("a {} may not log calls", app.role()));
        return;
    }
    match &app.ui.intake {
        Some(open) if open.is_filled() => {
            app.say(Level::Info, "the call being logged stays open (esc drops it)");
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
        app.say(
            Level::Warning,
            "a call is being logged: save it (f2) or drop it (esc) first",
        );
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
            app.say(
                Level::Info,
                "the form stays open beside the queues; i goes back to it",
            );
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
        prompt: "drop the call being logged? y/n".into(),
        requests: Vec::new(),
        drop_form: true,
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
    let Some(form) = app.ui.intake.as_mut() else {
        return Vec::new();
    };
    if form.state == FormState::Sending {
        app.say(Level::Info, "already sent; waiting for the server");
        return Vec::new();
    }
    if categories.is_empty() {
        form.error = Some("the directory has not arrived yet: categories cannot be checked".into());
        return Vec::new();
    }
    let Some(request) = form.check(&categories) else {
        let n = form.errors.len();
        app.say(
            Level::Warning,
            format!("{n} field{} to mend before saving", if n == 1 { "" } else { "s" }),
        );
        return Vec::new();
    };
    if !live {
        form.state = FormState::Queued;
        app.say(
            Level::Warning,
            "offline: the call is kept and sent when the server is back",
        );
        return Vec::new();
    }
    form.state = FormState::Sending;
    app.say(Level::Info, "logging the call…");
    vec![Effect::Create {
        request: Box::new(request),
        label: FORM_LABEL.into(),
    }]
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

/// The server's answer to the form's create.
pub fn on_logged(app: &mut App, result: Result<&Item, &str>) {
    match result {
        Ok(item) => {
            app.ui.intake = None;
            if matches!(app.ui.mode, Mode::Form) {
                app.ui.mode = Mode::Normal;
            }
            app.say(
                Level::Info,
                format!("{} logged: {} ({})", item.id, item.title, item.category),
            );
        }
        Err(message) => {
            if let Some(form) = app.ui.intake.as_mut() {
                form.refused(message);
            }
            app.say(Level::Error, format!("not logged: {message}"));
        }
    }
}
