//! Leaving the console.

use super::App;
use crate::console::msg::Effect;

/// Quits. A call half logged is kept, not lost: it opens again at the next
/// start.
pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    app.quit = true;
    let draft = app.ui.intake.take().filter(|f| f.is_filled());
    draft
        .map(|f| Effect::KeepDraft(Box::new(f)))
        .into_iter()
        .chain([Effect::Quit])
        .collect()
}
