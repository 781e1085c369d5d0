//! A console with a known city: fixed time, fixed items in every state.

use citydesk::api::{DepartmentLoad, Directory, ItemView, Snapshot};
use citydesk::console::app::panes::PaneKind;
use citydesk::console::app::{App, Conn};
use citydesk::console::keymap::Keymap;
use citydesk::model::{
    Action, CreateItem, Ctx, Event, EventBody, Item, ItemId, Kind, Operator, Place, Policy, Priority, Role,
    Timestamp, decide, decide_create,
};
use time::macros::datetime;

pub const NOW: Timestamp = datetime!(2026-11-29 10:52:31 UTC);

pub fn me() -> Operator {
    Operator {
        login: "wangfang".into(),
        name: "王芳".into(),
        role: Role::Dispatcher,
        department: None,
    }
}

/// An item created `minutes` ago, then taken through `steps` by an admin.
pub fn item(
    kind: Kind,
    n: u64,
    title: &str,
    district: &str,
    priority: Priority,
    minutes: i64,
    steps: &[Action],
) -> Item {
    let admin = Operator {
        login: "lizhang".into(),
        name: "李长".into(),
        role: Role::Admin,
        department: None,
    };
    let policy = Policy::default();
    let city = citydesk::data::default_city();
    let start = NOW - time::Duration::minutes(minutes);
    let req = CreateItem {
        kind,
        category: match kind {
            Kind::Incident => "C26",
            Kind::Alert => "G06",
            Kind::Ticket => "H01",
        }
        .into(),
        title: title.into(),
        description: String::new(),
        priority: Some(priority),
        tier: None,
        place: Place {
            district: Some(district.into()),
            street: Some("正大街道".into()),
            ..Place::default()
        },
        fingerprint: None,
        caller: None,
        raised_from: None,
        call_id: None,
    };
    let ctx = Ctx {
        actor: &admin,
        now: start,
        policy: &policy,
        city: &city,
        override_claim: false,
    };
    let created = decide_create(&req, None, &ctx).expect("create");
    let first = Event {
        seq: 0,
        item_id: ItemId::new(kind, n),
        version: 1,
        actor: "op:lizhang".into(),
        at: start,
        body: EventBody::Created(Box::new(created)),
    };
    let mut it = Item::from_created(&first).expect("fold");
    for (i, step) in steps.iter().enumerate() {
        let at = start + time::Duration::seconds(10 * (i as i64 + 1));
        let actor = if matches!(step, Action::Claim {}) {
            me()
        } else {
            admin.clone()
        };
        let ctx = Ctx {
            actor: &actor,
            now: at,
            policy: &policy,
            city: &city,
            override_claim: false,
        };
        for body in decide(&it, step, None, &ctx).expect("step").own {
            let e = Event {
                seq: 0,
                item_id: it.id.clone(),
                version: it.version + 1,
                actor: actor.actor(),
                at,
                body,
            };
            it.apply(&e);
        }
    }
    it
}

/// The items every console test started with.
fn base_city() -> Vec<Item> {
    use Action as A;
    let dispatch = || A::Dispatch {
        department: "water".into(),
    };
    vec![
        item(
            Kind::Incident,
            412,
            "交通事故伤人 凌河区 解放路",
            "凌河区",
            Priority::P1,
            3,
            &[],
        ),
        item(
            Kind::Incident,
            409,
            "井盖缺失",
            "古塔区",
            Priority::P2,
            20,
            &[A::Accept {}, dispatch()],
        ),
        item(
            Kind::Incident,
            415,
            "路面塌陷",
            "太和区",
            Priority::P1,
            30,
            &[
                A::Accept {},
                dispatch(),
                A::Sign {},
                A::Resolve {
                    summary: "已回填".into(),
                },
            ],
        ),
        item(
            Kind::Alert,
            7,
            "燃气隐患 古塔区 北街",
            "古塔区",
            Priority::P2,
            5,
            &[],
        ),
        item(
            Kind::Alert,
            8,
            "电动车违规充电",
            "凌河区",
            Priority::P3,
            50,
            &[
                A::Accept {},
                A::Park {
                    reason: "等待物业".into(),
                },
            ],
        ),
        item(
            Kind::Ticket,
            981,
            "供热不热 太和区 新民街道",
            "太和区",
            Priority::P2,
            90,
            &[
                A::Escalate {
                    reason: "三次退单".into(),
                },
                A::Supervise {
                    level: citydesk::model::Supervision::Yellow,
                },
            ],
        ),
        item(
            Kind::Ticket,
            990,
            "噪声扰民",
            "凌河区",
            Priority::P3,
            40,
            &[A::Claim {}],
        ),
    ]
}

fn id(s: &str) -> ItemId {
    ItemId::parse(s).expect("id")
}

/// The city with what the server adds by itself: a suggested duplicate, a
/// storm, an item to designate, an extension asked for, links, a ticket
/// waiting for its callback.
pub fn city() -> Vec<Item> {
    use Action as A;
    let mut items = base_city();
    for it in items.iter_mut() {
        match it.id.as_str() {
            "INC-0409" => {
                it.extension = Some(citydesk::model::PendingExtension {
                    extra: "2wd".into(),
                    reason: "等待配件".into(),
                    requested_by: "unit:water".into(),
                })
            }
            "INC-0415" => {
                it.links = ["ALR-0007", "TKT-0990", "INC-0409"]
                    .map(|i| citydesk::model::LinkTarget::Item(id(i)))
                    .to_vec()
            }
            _ => {}
        }
    }
    let mut dup = item(
        Kind::Ticket,
        996,
        "供热不热 新民街道3号楼",
        "太和区",
        Priority::P2,
        6,
        &[],
    );
    dup.duplicates = vec![id("TKT-0981")];
    dup.callers = vec![citydesk::model::Caller {
        name: Some("张女士".into()),
        phone: Some("13900000000".into()),
        ..Default::default()
    }];
    let mut parent = item(Kind::Alert, 10, "城区多点积水", "凌河区", Priority::P2, 12, &[]);
    parent.children = vec![id("ALR-0011"), id("ALR-0012")];
    let children = [(11, "积水 解放路"), (12, "积水 中央大街")].map(|(n, t)| {
        let mut c = item(Kind::Alert, n, t, "凌河区", Priority::P2, 11, &[]);
        c.parent = Some(id("ALR-0010"));
        c
    });
    let mut designate = item(
        Kind::Incident,
        420,
        "占道经营",
        "古塔区",
        Priority::P3,
        45,
        &[A::Accept {}],
    );
    designate.designate = true;
    designate.counters.returns = 3;
    designate.counters.dispatches = 3;
    designate.returned_by = vec!["waste".into(), "water".into()];
    let resolved = item(
        Kind::Ticket,
        992,
        "路灯不亮",
        "太和区",
        Priority::P3,
        70,
        &[
            A::Accept {},
            A::Dispatch {
                department: "water".into(),
            },
            A::Sign {},
            A::Resolve {
                summary: "已修复".into(),
            },
        ],
    );
    items.extend([dup, parent, designate, resolved]);
    items.extend(children);
    items
}

/// Gives the app the built-in city's map, drawn 52 × 19 (the map of an
/// 80 × 24 console with the list beside it).
pub fn with_map(app: &mut App) {
    let layout = citydesk::model::geo::Layout::new(
        &citydesk::data::default_outlines(),
        &citydesk::data::default_city(),
    );
    app.ui.map.layout = Some(std::sync::Arc::new(layout));
    app.ui.map.size = (52, 19);
    app.prepare();
}

pub fn app() -> App {
    app_with(Keymap::builtin("default").expect("keymap"))
}

pub fn app_with(keymap: Keymap) -> App {
    let mut app = App::new(
        me(),
        "http://127.0.0.1:7878".into(),
        keymap,
        App::default_layout(),
        NOW,
    );
    let items = city().into_iter().map(|i| ItemView::new(i, NOW)).collect();
    app.remote.mirror.load(Snapshot { seq: 18234, items });
    app.session.conn = Conn::Live;
    let departments: Vec<DepartmentLoad> = [
        ("water", "供水公司"),
        ("waste", "环卫处"),
        ("heating", "热力公司"),
    ]
    .iter()
    .map(|(c, n)| DepartmentLoad {
        code: (*c).into(),
        name: (*n).into(),
        gloss: String::new(),
        open: 0,
    })
    .collect();
    // The taxonomy rows the fixture's items use, for the intake form.
    let category = |code: &str, name: &str, kind: &str, priority: &str, department: &str| {
        serde_json::json!({"code": code, "group": "", "name": name, "gloss": "", "kind": kind,
            "priority": priority, "department": department})
    };
    let categories = [
        category("C26", "燃气", "incident", "P1", "gas"),
        category("G06", "环境污染", "alert", "P3", "environment"),
        category("H01", "供热不热", "ticket", "P2", "heating"),
    ];
    let dir = serde_json::json!({ "departments": departments, "operators": [], "categories": categories });
    app.remote.directory = Some(serde_json::from_value::<Directory>(dir).expect("directory"));
    app.prepare();
    app
}

/// Points the cursor of `pane` at `id` and focuses it.
pub fn select(app: &mut App, pane: PaneKind, id: &str) {
    app.prepare();
    let id = ItemId::parse(id).expect("id");
    let index = app.rows(pane).iter().position(|r| *r == id).expect("row in pane");
    let c = app.ui.cursors.entry(pane).or_default();
    c.index = index;
    c.selected = Some(id);
    app.ui.focus = pane;
}

/// The fixture item with this id, as the mirror holds it.
pub fn get(app: &App, id: &str) -> Item {
    app.remote
        .mirror
        .item(&ItemId::parse(id).expect("id"))
        .cloned()
        .expect("item in mirror")
}

/// The `created` data that would have made `item`.
pub fn created_of(item: &Item) -> citydesk::model::Created {
    citydesk::model::Created {
        kind: item.kind,
        category: item.category.clone(),
        title: item.title.clone(),
        description: item.description.clone(),
        priority: item.priority,
        tier: item.tier,
        place: item.place.clone(),
        fingerprint: item.fingerprint.clone(),
        caller: None,
        due_at: item.clock.as_ref().map(|c| c.due_at),
        warn_at: item.clock.as_ref().and_then(|c| c.warn_at),
        raised_from: None,
        call_id: None,
        origin: None,
    }
}
