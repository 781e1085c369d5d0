//! Tab completion on the `:` line: command names, then the first
//! parameter from what the verb's specification says it takes.

use super::command_line::all_commands;
use crate::model::Status;
use crate::model::verbs::{EMERGENCY, ParamKind, Verb};

/// What completion can offer, from the live mirror and the directory.
#[derive(Debug, Clone, Default)]
pub struct Pools {
    pub departments: Vec<String>,
    pub items: Vec<String>,
    pub districts: Vec<String>,
    /// Incident category codes, for `:raise`.
    pub incident_categories: Vec<String>,
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_owned()).collect()
}

/// What a verb's first parameter can be.
fn verb_pool(verb: &Verb, pools: &Pools) -> Vec<String> {
    let Some(first) = verb.params.first() else {
        return Vec::new();
    };
    match first.kind {
        ParamKind::Department => pools.departments.clone(),
        ParamKind::Item => pools.items.clone(),
        ParamKind::LinkTarget => pools.items.iter().cloned().chain(words(&EMERGENCY)).collect(),
        kind => words(kind.choices()),
    }
}

/// What a console command's word can be.
fn console_pool(command: &str, pools: &Pools) -> Vec<String> {
    match command {
        "open" => pools.items.clone(),
        "raise" => pools.incident_categories.clone(),
        "stats" => words(&["today", "week"]),
        "district" => pools.districts.clone(),
        "status" => Status::ALL.iter().map(|s| s.as_str().to_owned()).collect(),
        "new" => words(&["ticket", "incident", "alert"]),
        _ => Vec::new(),
    }
}

/// Candidates for the word being typed, given what the verb takes.
pub fn candidates(line: &str, pools: &Pools) -> Vec<String> {
    let Some((verb, arg)) = line.split_once(' ') else {
        return all_commands()
            .into_iter()
            .map(|c| c.name.to_owned())
            .filter(|c| c.starts_with(line))
            .collect();
    };
    let pool = match Verb::find(verb) {
        Some(spec) => verb_pool(spec, pools),
        None => console_pool(verb, pools),
    };
    let arg_lower = arg.to_lowercase();
    pool.into_iter()
        .filter(|c| c.to_lowercase().starts_with(&arg_lower))
        .collect()
}

/// Completes the line: the single candidate, or the longest common prefix.
/// Returns the new line and the candidates to show.
pub fn complete(line: &str, pools: &Pools) -> (String, Vec<String>) {
    let found = candidates(line, pools);
    let head = match line.rsplit_once(' ') {
        Some((h, _)) => format!("{h} "),
        None => String::new(),
    };
    match found.as_slice() {
        [] => (line.to_owned(), found),
        [one] => (format!("{head}{one} "), Vec::new()),
        many => {
            let common: String = many[0].chars().take(common_chars(many)).collect();
            let typed = line.len() - head.len();
            let line = if common.len() > typed {
                format!("{head}{common}")
            } else {
                line.to_owned()
            };
            (line, found)
        }
    }
}

fn common_chars(words: &[String]) -> usize {
    let first: Vec<char> = words[0].chars().collect();
    let mut n = first.len();
    for w in &words[1..] {
        n = n.min(first.iter().zip(w.chars()).take_while(|(a, b)| **a == *b).count());
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_completes_verbs_and_departments() {
        let pools = Pools {
            departments: vec!["water".to_owned(), "waste".to_owned(), "gas".to_owned()],
            ..Pools::default()
        };
        assert_eq!(complete("disp", &pools).0, "dispatch ");
        assert_eq!(complete("dispatch g", &pools).0, "dispatch gas ");
        let (line, shown) = complete("dispatch w", &pools);
        assert_eq!((line.as_str(), shown.len()), ("dispatch wa", 2));
    }

    #[test]
    fn parameters_complete_from_the_verb_specification() {
        let pools = Pools {
            items: vec!["TKT-0001".to_owned()],
            ..Pools::default()
        };
        assert_eq!(complete("supervise y", &pools).0, "supervise yellow ");
        assert_eq!(complete("priority p", &pools).1.len(), 4);
        assert_eq!(complete("link 12", &pools).1, ["120", "122"]);
        assert_eq!(complete("merge t", &pools).0, "merge TKT-0001 ");
        assert_eq!(complete("callback u", &pools).0, "callback unsatisfied ");
        assert_eq!(complete("verify ", &pools).1, ["pass", "fail"]);
        assert_eq!(complete("new i", &pools).0, "new incident ");
    }
}
