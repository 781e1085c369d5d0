//! `GET /v1/suggest?text=…`: category suggestions and knowledge entries for
//! a description being typed, each with its reasons. `citydesk suggest`
//! prints the same body, whether it asked a server or computed locally.

use crate::model::suggest::Suggestions;
use serde::{Deserialize, Serialize};

/// Longest `text` the endpoint reads, in characters (a description the
/// form would send is far shorter).
pub const MAX_SUGGEST_TEXT: usize = 2000;

/// The query string.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams,
)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SuggestParams {
    /// The description so far.
    #[param(value_type = SuggestText, inline)]
    pub text: String,
    /// The day knowledge entries must be valid on (`2026-12-01`) [default:
    /// the server's today, UTC].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<String>,
    /// How many categories and entries, each [default 3, at most 20].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// `text` as the API document shows it: at most [`MAX_SUGGEST_TEXT`]
/// characters (utoipa's `max_length` takes only a literal).
pub struct SuggestText;

impl utoipa::PartialSchema for SuggestText {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .max_length(Some(MAX_SUGGEST_TEXT))
            .into()
    }
}

impl utoipa::ToSchema for SuggestText {}

/// Most suggestions of each kind a request may ask for.
pub const MAX_SUGGEST_LIMIT: usize = 20;

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SuggestResponse {
    /// Categories, best first; scores over all categories sum to 1.
    pub categories: Vec<SuggestedCategory>,
    /// Knowledge entries valid on the day, best first.
    pub knowledge: Vec<SuggestedAnswer>,
    /// How many closed items the suggestions learned from (0 locally).
    pub learned_items: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SuggestedCategory {
    pub code: String,
    pub name: String,
    pub score: f64,
    /// `keyword: 暖气`, `learned: 不热 (34 closed items)`.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SuggestedAnswer {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub source: String,
    /// The facts are an illustration, not sourced.
    pub example: bool,
    pub score: f64,
    /// `keyword: 供暖时间`, `category: H01`.
    pub reasons: Vec<String>,
}

impl From<&Suggestions<'_>> for SuggestResponse {
    fn from(s: &Suggestions<'_>) -> Self {
        SuggestResponse {
            categories: s
                .categories
                .iter()
                .map(|c| SuggestedCategory {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    score: c.score,
                    reasons: c.reasons.iter().map(ToString::to_string).collect(),
                })
                .collect(),
            knowledge: s
                .knowledge
                .iter()
                .map(|k| SuggestedAnswer {
                    id: k.entry.id.clone(),
                    question: k.entry.question.clone(),
                    answer: k.entry.answer.clone(),
                    source: k.entry.source.clone(),
                    example: k.entry.example,
                    score: k.score,
                    reasons: k.reasons.clone(),
                })
                .collect(),
            learned_items: s.learned_items,
        }
    }
}
