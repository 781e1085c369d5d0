//! What our server offers as Open311 services: the hotline categories of
//! the city's taxonomy (those whose queue is `ticket`), each with its
//! 大类 as `group`, its keywords and, for the few where a call-taker always
//! asks the same questions, attributes.
//!
//! Which categories ask questions is decided here, not in the taxonomy
//! file: the questions are part of the Open311 face of the product (codes
//! a client stores), so they change with the code and its docs. Utilities
//! (H01 heating, H02 water, H03 power) ask how far the outage reaches,
//! since one household and a whole estate go to different crews; noise
//! (H05) asks when and from what, since night noise is a police matter.

use super::types::*;
use crate::model::{Category, City, Kind};

/// The services, in taxonomy order.
pub fn services(city: &City) -> Vec<Service> {
    hotline(city).map(service).collect()
}

/// The hotline categories.
pub fn hotline(city: &City) -> impl Iterator<Item = &Category> {
    city.categories.iter().filter(|c| c.kind == Kind::Ticket)
}

/// One hotline category as a service; `None` for a code that is not one.
pub fn service_of(city: &City, code: &str) -> Option<Service> {
    hotline(city).find(|c| c.code == code).map(service)
}

fn service(c: &Category) -> Service {
    Service {
        service_code: c.code.clone(),
        service_name: c.name.clone(),
        description: Some(c.gloss.clone()),
        metadata: !questions(&c.code).is_empty(),
        kind: ServiceType::Realtime,
        keywords: (!c.keywords.is_empty()).then(|| c.keywords.join(", ")),
        group: Some(c.group.clone()),
    }
}

/// `GET services/{code}`: `None` when the code is not a hotline category.
/// A category without questions has an empty attribute list.
pub fn definition(city: &City, code: &str) -> Option<ServiceDefinition> {
    let category = hotline(city).find(|c| c.code == code)?;
    Some(ServiceDefinition {
        service_code: category.code.clone(),
        attributes: questions(&category.code),
    })
}

fn list(code: &str, required: bool, order: i64, description: &str, values: &[(&str, &str)]) -> Attribute {
    Attribute {
        variable: true,
        code: code.to_owned(),
        datatype: Datatype::SingleValueList,
        required,
        datatype_description: None,
        order: Some(order),
        description: Some(description.to_owned()),
        values: values
            .iter()
            .map(|(key, name)| AttributeValue {
                key: (*key).to_owned(),
                name: (*name).to_owned(),
            })
            .collect(),
    }
}

fn single(code: &str, datatype: Datatype, order: i64, description: &str, help: &str) -> Attribute {
    Attribute {
        variable: true,
        code: code.to_owned(),
        datatype,
        required: false,
        datatype_description: Some(help.to_owned()),
        order: Some(order),
        description: Some(description.to_owned()),
        values: Vec::new(),
    }
}

const SCOPE: &[(&str, &str)] = &[
    ("HOUSEHOLD", "本户 (this household)"),
    ("BUILDING", "整栋楼 (the whole building)"),
    ("ESTATE", "整个小区 (the whole estate or more)"),
];

/// The questions category `code` asks, in order.
pub fn questions(code: &str) -> Vec<Attribute> {
    let scope = || list("SCOPE", true, 1, "影响范围 How far does it reach?", SCOPE);
    let since = || {
        single(
            "SINCE",
            Datatype::Datetime,
            2,
            "从何时开始 Since when?",
            "W3C datetime, e.g. 2026-12-01T08:00:00+08:00",
        )
    };
    match code {
        "H01" => vec![
            scope(),
            single(
                "ROOM_TEMP",
                Datatype::Number,
                2,
                "室内温度 Indoor temperature",
                "degrees Celsius, e.g. 14.5",
            ),
        ],
        "H02" | "H03" => vec![scope(), since()],
        "H05" => {
            let mut source = list(
                "SOURCE",
                false,
                2,
                "噪声来源 Where does it come from?",
                &[
                    ("CONSTRUCTION", "施工 (construction)"),
                    ("BUSINESS", "商铺 (shop or bar)"),
                    ("NEIGHBOUR", "邻居 (neighbour)"),
                    ("DANCING", "广场舞 (square dancing)"),
                    ("TRAFFIC", "交通 (traffic)"),
                ],
            );
            source.datatype = Datatype::MultiValueList;
            vec![
                list(
                    "WHEN",
                    false,
                    1,
                    "发生时段 When does it happen?",
                    &[("DAY", "白天 (06:00–22:00)"), ("NIGHT", "夜间 (22:00–06:00)")],
                ),
                source,
            ]
        }
        _ => Vec::new(),
    }
}

/// The answers as lines a person reads on the ticket (`影响范围 How far
/// does it reach?: 整栋楼 (the whole building)`), in the questions' order.
pub fn describe_answers(
    definition: &ServiceDefinition,
    answers: &std::collections::BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for a in &definition.attributes {
        let Some(values) = answers.get(&a.code) else {
            continue;
        };
        let shown: Vec<&str> = values
            .iter()
            .map(|v| {
                a.values
                    .iter()
                    .find(|k| &k.key == v)
                    .map_or(v.as_str(), |k| k.name.as_str())
            })
            .collect();
        let label = a.description.as_deref().unwrap_or(&a.code);
        lines.push(format!("{label}: {}", shown.join(", ")));
    }
    lines
}
