//! `citydesk suggest TEXT`: the ranked category suggestions and knowledge
//! entries for a description, for scripts and for checking the data. With
//! `--server` it asks `GET /v1/suggest` (which also knows what closed items
//! taught); without, it computes the same ranking locally from the shipped
//! (or `--city`) data, keywords only. Both print one body.

use crate::api::{SuggestParams, SuggestResponse};
use crate::cli::SuggestArgs;
use crate::model::suggest::{Engine, Limits};
use std::fmt::Write;

pub async fn run(args: SuggestArgs) -> anyhow::Result<()> {
    let limit = usize::try_from(args.limit).unwrap_or(3);
    let day = match &args.on {
        Some(s) => Some(
            time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
                .map_err(|_| anyhow::anyhow!("--on {s:?} is not a date like 2026-12-01"))?,
        ),
        None => None,
    };
    let body = match &args.server {
        Some(_) => remote(&args, limit).await?,
        None => {
            let city = crate::data::load(args.city.dir.as_deref())?;
            let knowledge = crate::data::knowledge::load(args.city.dir.as_deref(), &city)?;
            let engine = Engine::new(&city, knowledge);
            let day = day.unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
            let limits = Limits {
                categories: limit,
                knowledge: limit,
            };
            SuggestResponse::from(&engine.suggest(&args.text, day, limits))
        }
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&body)?);
    } else {
        print!("{}", render(&body));
    }
    Ok(())
}

async fn remote(args: &SuggestArgs, limit: usize) -> anyhow::Result<SuggestResponse> {
    let (client, _server) = super::remote::token_client(args.server.clone(), "")?;
    let params = SuggestParams {
        text: args.text.clone(),
        on: args.on.clone(),
        limit: Some(limit),
    };
    Ok(client.suggest(&params).await?)
}

/// The text `citydesk suggest` prints: categories with score and reasons,
/// then knowledge entries with their answer and source.
pub fn render(body: &SuggestResponse) -> String {
    let mut out = String::new();
    let learned = match body.learned_items {
        0 => "keywords only".to_owned(),
        n => format!("keywords + {n} closed items learned"),
    };
    let _ = writeln!(out, "categories ({learned}):");
    if body.categories.is_empty() {
        out.push_str("  none: no keyword matched and nothing learned applies\n");
    }
    for (i, c) in body.categories.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {} {}  {:.2}  {}",
            i + 1,
            c.code,
            c.name,
            c.score,
            c.reasons.join("; ")
        );
    }
    out.push_str("knowledge:\n");
    if body.knowledge.is_empty() {
        out.push_str("  none\n");
    }
    for k in &body.knowledge {
        let example = if k.example { "  [example]" } else { "" };
        let _ = writeln!(
            out,
            "  {} {}  {:.2}{example}  {}",
            k.id,
            k.question,
            k.score,
            k.reasons.join("; ")
        );
        let _ = writeln!(out, "       {}", k.answer);
        let _ = writeln!(out, "       source: {}", k.source);
    }
    out
}
