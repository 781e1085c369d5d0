//! The detail's "you may" line: the verbs that can be done to this item
//! now, by this operator, spelt as the `:` line spells them, each with its
//! key. The verb table's states, kinds and roles say what is allowed; the
//! item's facts narrow it (no extension to decide when none is pending,
//! nothing but notes and links through someone else's claim).

use crate::console::action::Action;
use crate::console::app::App;
use crate::console::keymap::{Context, Key};
use crate::console::theme::{Role, Theme};
use crate::model::verbs::Verb;
use crate::model::{ActionName, Item, allowed_actions};
use crate::t;
use ratatui::text::{Line, Span};

/// What can be done to `item` now, in the verb table's order.
pub fn doable_now(item: &Item, app: &App) -> Vec<ActionName> {
    let me = &app.session.me.login;
    let claim = item.active_claim(app.now);
    let someone_else = claim.is_some_and(|c| c.owner != *me);
    let blocked = someone_else && !app.role().may_override();
    allowed_actions(item, app.role())
        .into_iter()
        .filter(|name| match name {
            ActionName::ApproveExtension | ActionName::DenyExtension => item.extension.is_some(),
            ActionName::RequestExtension => item.extension.is_none(),
            ActionName::Release => claim.is_some() && !blocked,
            // What someone else's claim does not stop (see `act::prepare`).
            ActionName::Note | ActionName::Link => true,
            _ => !blocked,
        })
        .collect()
}

/// The keys bound to `name` in the detail (or everywhere), any words:
/// `v/V` for verify pass and fail.
fn keys_for(app: &App, name: ActionName) -> Vec<String> {
    [Context::Detail, Context::Global]
        .iter()
        .flat_map(|c| app.ui.keymap.bindings(*c))
        .filter(|b| matches!(&b.action, Action::Verb(k) if k.verb == name))
        .map(|b| b.keys.iter().map(Key::as_str).collect::<Vec<_>>().join(" "))
        .collect()
}

/// `you may  accept a  dispatch d  escalate e …`, or why nothing.
pub fn line(item: &Item, app: &App, theme: &Theme) -> Line<'static> {
    let lang = app.ui.lang;
    let mut spans = vec![Span::styled(
        format!("{} ", t!(lang, "actions-you-may")),
        theme.style(Role::Muted),
    )];
    let doable = doable_now(item, app);
    if doable.is_empty() {
        spans.push(Span::styled(t!(lang, "actions-nothing"), theme.style(Role::Text)));
    }
    for name in doable {
        spans.push(Span::styled(
            crate::present::labels::verb(lang, Verb::of(name).command),
            theme.style(Role::Text),
        ));
        let keys = keys_for(app, name);
        if !keys.is_empty() {
            spans.push(Span::styled(
                format!(" {}", keys.join("/")),
                theme.style(Role::Key),
            ));
        }
        spans.push(Span::raw("  "));
    }
    if let Some(c) = item
        .active_claim(app.now)
        .filter(|c| c.owner != app.session.me.login && !app.role().may_override())
    {
        spans.push(Span::styled(
            t!(lang, "actions-claimed", owner = c.owner.as_str()),
            theme.style(Role::Muted),
        ));
    }
    Line::from(spans)
}
