//! The closed loop against a real server: auto-dispatch by route and load,
//! the escalation ladder on a manual clock (no sleeps that bet on timing:
//! the clock is moved by hand and the test polls, bounded, for the
//! ticker's events), duplicates, storms, raised incidents, the return
//! limit and extensions.

use crate::common::{TestServer, act, fetch, ticket, try_act};
use citydesk::client::Client;
use citydesk::model::{
    Action, CreateItem, Event, EventBody, Item, ItemId, Kind, Ladder, LadderStep, Limit, LinkTarget, Place,
    Policy, Priority, Role, Route, SYSTEM_ACTOR, Status, Supervision,
};
use citydesk::server::{ServerConfig, TimeSource};
use std::time::{Duration, Instant};
use time::macros::datetime;

const LIMIT: time::Duration = time::Duration::seconds(100);

fn route(name: &str, category: Option<&str>, kind: Option<Kind>, to: &[&str], auto: bool) -> Route {
    Route {
        name: name.into(),
        kind,
        category: category.map(str::to_owned),
        district: None,
        street: None,
        to: to.iter().map(|s| (*s).to_owned()).collect(),
        auto,
        pick: citydesk::model::Pick::LeastLoaded,
    }
}

/// Every stage 100 s; the ladder at due, +50 s and +200 s; the routes of
/// the tests below.
fn policy() -> Policy {
    let mut p = Policy::uniform(LIMIT);
    p.ladder = Ladder {
        chase_on_sign_breach: true,
        supervision: vec![
            LadderStep {
                level: Supervision::Normal,
                overdue: Limit::Wall(time::Duration::ZERO),
            },
            LadderStep {
                level: Supervision::Yellow,
                overdue: Limit::Wall(time::Duration::seconds(50)),
            },
            LadderStep {
                level: Supervision::Red,
                overdue: Limit::Wall(time::Duration::seconds(200)),
            },
        ],
        returns_to_designate: 3,
    };
    p.storm.threshold = 3;
    p.storm.window = time::Duration::minutes(10);
    p.routes = vec![
        route(
            "route:C11",
            Some("C11"),
            None,
            &["sanitation", "enforcement"],
            true,
        ),
        route("route:H11", Some("H11"), None, &["category"], false),
        route("route:alerts", None, Some(Kind::Alert), &["community"], true),
    ];
    p
}

fn config(clock: &TimeSource) -> ServerConfig {
    ServerConfig {
        policy: policy(),
        tick: Duration::from_millis(20),
        clock: clock.clone(),
        ..ServerConfig::default()
    }
}

fn manual() -> TimeSource {
    TimeSource::manual(datetime!(2026-11-30 09:00 UTC))
}

fn create(category: &str, kind: Kind) -> CreateItem {
    CreateItem {
        kind,
        category: category.into(),
        priority: Some(Priority::P3),
        ..ticket("测试")
    }
}

async fn new_item(client: &Client, req: &CreateItem) -> (Item, Vec<Event>) {
    let reply = client.create(req, None).await.expect("create");
    (reply.item.item, reply.events)
}

fn types(history: &[Event]) -> Vec<&'static str> {
    history.iter().map(|e| e.body.type_name()).collect()
}

/// Polls the item's history until `done` holds (at most 10 s).
async fn wait_until(client: &Client, id: &ItemId, what: &str, done: impl Fn(&[Event]) -> bool) -> Vec<Event> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let history = client.item(id).await.expect("item").history;
        if done(&history) {
            return history;
        }
        assert!(
            Instant::now() < deadline,
            "{what} on {id} within 10 s: {:?}",
            types(&history)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn count(history: &[Event], type_name: &str) -> usize {
    history.iter().filter(|e| e.body.type_name() == type_name).count()
}

#[tokio::test]
async fn accepted_items_dispatch_themselves_to_the_least_loaded_department_and_say_why() {
    let clock = manual();
    let server = TestServer::start_with(config(&clock)).await;
    let agent = server.client("agent", Role::Agent).await;
    let dispatcher = server.client("disp", Role::Dispatcher).await;

    let (first, _) = new_item(&agent, &create("C11", Kind::Incident)).await;
    let reply = agent
        .act(
            &first.id,
            &citydesk::api::ActionRequest::new(Action::Accept {}, first.version),
            None,
        )
        .await
        .expect("accept");
    let auto = reply.events.last().expect("events");
    assert_eq!(auto.actor, SYSTEM_ACTOR);
    let EventBody::Dispatched { department, rule, .. } = &auto.body else {
        panic!("not auto-dispatched: {:?}", types(&reply.events));
    };
    // Both at 0: the first listed wins.
    assert_eq!(department, "sanitation");
    assert_eq!(
        rule.as_deref(),
        Some("route:C11: sanitation (least loaded: sanitation 0, enforcement 0)")
    );

    let (second, _) = new_item(&agent, &create("C11", Kind::Incident)).await;
    let second = act(&agent, &second, Action::Accept {}).await;
    assert_eq!(
        second.department.as_deref(),
        Some("enforcement"),
        "sanitation has one already"
    );

    // A dispatcher can always override; the event then names no rule.
    let moved = act(
        &dispatcher,
        &second,
        Action::Dispatch {
            department: "municipal".into(),
        },
    )
    .await;
    assert_eq!(moved.department.as_deref(), Some("municipal"));
    let history = dispatcher.item(&moved.id).await.expect("item").history;
    assert!(matches!(
        &history.last().expect("last").body,
        EventBody::Dispatched { rule: None, .. }
    ));

    // A route with auto = false leaves the item to the dispatcher.
    let (manual_item, _) = new_item(&agent, &create("H11", Kind::Ticket)).await;
    let manual_item = act(&agent, &manual_item, Action::Accept {}).await;
    assert_eq!(manual_item.status, Status::Accepted);
    // The detail says where the route would send it, for the console's
    // department picker; an item not yet accepted gets no such hint.
    let detail = dispatcher.item(&manual_item.id).await.expect("item");
    let hint = detail.route.expect("a route hint");
    assert!(!hint.auto, "the route only suggests");
    assert!(hint.rule.starts_with("route:H11: "), "{}", hint.rule);
    assert_eq!(hint.rule, format!("route:H11: {}", hint.department));
    let (fresh, _) = new_item(&agent, &create("H11", Kind::Ticket)).await;
    assert_eq!(dispatcher.item(&fresh.id).await.expect("item").route, None);
}

#[tokio::test]
async fn late_clocks_warn_breach_chase_and_climb_the_supervision_ladder_by_themselves() {
    let clock = manual();
    let server = TestServer::start_with(config(&clock)).await;
    let dispatcher = server.client("disp", Role::Dispatcher).await;
    let item = act(
        &dispatcher,
        &new_item(&dispatcher, &create("H02", Kind::Ticket)).await.0,
        Action::Accept {},
    )
    .await;
    let item = act(
        &dispatcher,
        &item,
        Action::Dispatch {
            department: "water".into(),
        },
    )
    .await;

    clock.advance(time::Duration::seconds(80));
    wait_until(&dispatcher, &item.id, "warning", |h| count(h, "sla_warning") == 1).await;
    clock.advance(time::Duration::seconds(20));
    let history = wait_until(&dispatcher, &item.id, "chase", |h| count(h, "chased") == 1).await;
    let chase = history
        .iter()
        .find(|e| e.body.type_name() == "chased")
        .expect("chased");
    assert_eq!(chase.actor, SYSTEM_ACTOR);
    assert!(matches!(&chase.body, EventBody::Chased { rule, .. } if rule == "ladder.chase.sign_breached"));

    // Signed late; the resolve clock then runs out and stays out.
    let item = act(&dispatcher, &fetch(&dispatcher, &item.id).await, Action::Sign {}).await;
    clock.advance(time::Duration::seconds(100));
    wait_until(&dispatcher, &item.id, "normal supervision", |h| {
        count(h, "supervised") == 1
    })
    .await;
    clock.advance(time::Duration::seconds(50));
    let history = wait_until(&dispatcher, &item.id, "yellow card", |h| {
        count(h, "supervised") == 2
    })
    .await;
    let levels: Vec<(Supervision, Option<String>)> = history
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Supervised { level, rule, .. } => Some((*level, rule.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        levels,
        [
            (Supervision::Normal, Some("ladder.supervise.normal".into())),
            (Supervision::Yellow, Some("ladder.supervise.yellow".into())),
        ]
    );
    assert_eq!(count(&history, "sla_warning"), 2, "one per stage");
    assert_eq!(count(&history, "sla_breached"), 2, "one per stage");
}

#[tokio::test]
async fn a_restart_neither_repeats_nor_misses_what_fell_due_while_down() {
    let clock = manual();
    let server = TestServer::start_with(config(&clock)).await;
    let agent = server.client("agent", Role::Agent).await;
    let (item, _) = new_item(&agent, &create("H02", Kind::Ticket)).await;
    clock.advance(time::Duration::seconds(85));
    wait_until(&agent, &item.id, "warning", |h| count(h, "sla_warning") == 1).await;
    let dir = server.stop().await;

    // Down past the due time.
    clock.advance(time::Duration::seconds(600));
    let server = TestServer::start_in(dir, config(&clock)).await;
    let agent = server.client("agent2", Role::Agent).await;
    let history = wait_until(&agent, &item.id, "caught-up breach", |h| {
        count(h, "sla_breached") == 1
    })
    .await;
    assert_eq!(
        count(&history, "sla_warning"),
        1,
        "no second warning after the restart"
    );
    let dir = server.stop().await;

    let server = TestServer::start_in(dir, config(&clock)).await;
    let agent = server.client("agent3", Role::Agent).await;
    // A fresh item breaching proves the ticker has passed since the restart.
    let (witness, _) = new_item(&agent, &create("H03", Kind::Ticket)).await;
    clock.advance(time::Duration::seconds(200));
    wait_until(&agent, &witness.id, "witness breach", |h| {
        count(h, "sla_breached") == 1
    })
    .await;
    let history = agent.item(&item.id).await.expect("item").history;
    assert_eq!(
        (count(&history, "sla_warning"), count(&history, "sla_breached")),
        (1, 1)
    );
}

fn at_address(category: &str, address: &str, caller: &str) -> CreateItem {
    CreateItem {
        place: Place {
            address: Some(address.into()),
            ..Place::default()
        },
        caller: Some(citydesk::model::Caller {
            name: Some(caller.into()),
            phone: None,
            ..Default::default()
        }),
        ..create(category, Kind::Ticket)
    }
}

#[tokio::test]
async fn likely_duplicates_are_suggested_and_a_merge_keeps_every_caller() {
    let clock = manual();
    let server = TestServer::start_with(config(&clock)).await;
    let agent = server.client("agent", Role::Agent).await;
    let (first, _) = new_item(&agent, &at_address("H02", "古塔区 解放路 12 号", "王")).await;
    let (_other, events) = new_item(&agent, &at_address("H02", "古塔区 中央大街 3 号", "赵")).await;
    assert_eq!(types(&events), ["created"], "another address is not a duplicate");
    clock.advance(time::Duration::minutes(20));
    let (second, events) = new_item(&agent, &at_address("H02", "古塔区解放路12号", "李")).await;
    assert_eq!(types(&events), ["created", "duplicates_suggested"]);
    assert_eq!(events[1].actor, SYSTEM_ACTOR);
    assert_eq!(second.duplicates, std::slice::from_ref(&first.id));

    let merged = act(
        &agent,
        &second,
        Action::Merge {
            into: first.id.clone(),
        },
    )
    .await;
    assert_eq!(merged.status, Status::Merged);
    let survivor = fetch(&agent, &first.id).await;
    let names: Vec<_> = survivor.callers.iter().filter_map(|c| c.name.clone()).collect();
    assert_eq!(names, ["王", "李"]);
    assert_eq!(survivor.merged_from, std::slice::from_ref(&second.id));
    // The merged item keeps its history.
    let history = agent.item(&second.id).await.expect("item").history;
    assert_eq!(types(&history), ["created", "duplicates_suggested", "merged"]);
}

fn alert_in(grid: &str) -> CreateItem {
    CreateItem {
        place: Place {
            grid: Some(grid.into()),
            ..Place::default()
        },
        ..create("G05", Kind::Alert)
    }
}

#[tokio::test]
async fn an_alert_storm_groups_under_one_parent() {
    let clock = manual();
    let server = TestServer::start_with(config(&clock)).await;
    let agent = server.client("agent", Role::Agent).await;
    let city = citydesk::data::default_city();
    let grid = city.grids().next().expect("grid").id();
    let elsewhere = city.grids().nth(50).expect("grid").id();

    let (a1, _) = new_item(&agent, &alert_in(&grid)).await;
    let (a2, _) = new_item(&agent, &alert_in(&grid)).await;
    let (_far, events) = new_item(&agent, &alert_in(&elsewhere)).await;
    assert_eq!(types(&events), ["created"]);
    let (a3, events) = new_item(&agent, &alert_in(&grid)).await;
    let own: Vec<Event> = events.iter().filter(|e| e.item_id == a3.id).cloned().collect();
    assert_eq!(
        types(&own),
        ["created", "grouped"],
        "the third alert makes a storm"
    );
    // The reply carries the whole commit: the parent's creation too.
    assert_eq!(count(&events, "group_added"), 3);
    let parent_id = a3.parent.clone().expect("parent");
    let parent = fetch(&agent, &parent_id).await;
    assert_eq!(parent.children, [a1.id.clone(), a2.id.clone(), a3.id.clone()]);
    assert_eq!(parent.created_by, SYSTEM_ACTOR);
    assert_eq!(fetch(&agent, &a1.id).await.parent, Some(parent_id.clone()));
    let grouped = own.last().expect("grouped");
    assert_eq!(grouped.actor, SYSTEM_ACTOR);
    assert!(matches!(
        &grouped.body,
        EventBody::Grouped { rule, .. } if rule.starts_with("storm: 3 alerts in grid:") && rule.ends_with("within 10 min")
    ));

    clock.advance(time::Duration::minutes(3));
    let (a4, _) = new_item(&agent, &alert_in(&grid)).await;
    assert_eq!(
        a4.parent,
        Some(parent_id.clone()),
        "later alerts join the open storm"
    );
    assert_eq!(fetch(&agent, &parent_id).await.children.len(), 4);
}

#[tokio::test]
async fn an_incident_raised_from_a_ticket_is_linked_both_ways() {
    let clock = manual();
    let server = TestServer::start_with(config(&clock)).await;
    let agent = server.client("agent", Role::Agent).await;
    let (source, _) = new_item(&agent, &create("H02", Kind::Ticket)).await;
    let raise = CreateItem {
        raised_from: Some(source.id.clone()),
        call_id: None,
        ..create("C24", Kind::Incident)
    };
    let (incident, _) = new_item(&agent, &raise).await;
    assert_eq!(incident.links, [LinkTarget::Item(source.id.clone())]);
    let source = fetch(&agent, &source.id).await;
    assert_eq!(source.links, [LinkTarget::Item(incident.id.clone())]);

    let bad = CreateItem {
        raised_from: Some(incident.id.clone()),
        call_id: None,
        ..create("H02", Kind::Ticket)
    };
    let err = agent
        .create(&bad, None)
        .await
        .expect_err("tickets are not raised");
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNPROCESSABLE_ENTITY));
    let missing = CreateItem {
        raised_from: Some(ItemId::new(Kind::Alert, 999)),
        call_id: None,
        ..create("C24", Kind::Incident)
    };
    let err = agent.create(&missing, None).await.expect_err("unknown source");
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNPROCESSABLE_ENTITY));
}

#[tokio::test]
async fn the_third_return_escalates_and_only_a_supervisor_designates() {
    let clock = manual();
    let server = TestServer::start_with(config(&clock)).await;
    let dispatcher = server.client("disp", Role::Dispatcher).await;
    let supervisor = server.client("sup", Role::Supervisor).await;
    let (item, _) = new_item(&dispatcher, &create("H05", Kind::Ticket)).await;
    let mut item = act(&dispatcher, &item, Action::Accept {}).await;
    for dept in ["police", "enforcement", "environment"] {
        item = act(
            &dispatcher,
            &item,
            Action::Dispatch {
                department: dept.into(),
            },
        )
        .await;
        item = act(
            &dispatcher,
            &item,
            Action::Return {
                reason: "非本单位职责".into(),
            },
        )
        .await;
    }
    assert!(item.designate);
    let history = dispatcher.item(&item.id).await.expect("item").history;
    let last = history.last().expect("last");
    assert_eq!(last.actor, SYSTEM_ACTOR);
    assert!(matches!(
        &last.body,
        EventBody::Escalated { designate: true, rule: Some(r), .. } if r == "ladder.returns.3"
    ));
    let err = try_act(
        &dispatcher,
        &item,
        Action::Dispatch {
            department: "housing".into(),
        },
    )
    .await
    .expect_err("designation is a supervisor's");
    assert_eq!(err.status(), Some(reqwest::StatusCode::FORBIDDEN));
    let item = act(
        &supervisor,
        &item,
        Action::Dispatch {
            department: "housing".into(),
        },
    )
    .await;
    assert!(!item.designate);
    assert_eq!(item.department.as_deref(), Some("housing"));
}

#[tokio::test]
async fn an_approved_extension_moves_the_due_time_and_a_denied_one_does_not() {
    let clock = manual();
    let server = TestServer::start_with(config(&clock)).await;
    let dispatcher = server.client("disp", Role::Dispatcher).await;
    let unit = server.client("water", Role::Unit).await;
    let (item, _) = new_item(&dispatcher, &create("H02", Kind::Ticket)).await;
    let item = act(&dispatcher, &item, Action::Accept {}).await;
    let item = act(
        &dispatcher,
        &item,
        Action::Dispatch {
            department: "water".into(),
        },
    )
    .await;
    let item = act(&unit, &item, Action::Sign {}).await;
    let due = item.clock.as_ref().expect("clock").due_at;
    let ask = || Action::RequestExtension {
        extra: "30m".into(),
        reason: "需协调管线单位".into(),
    };
    let item = act(&unit, &item, ask()).await;
    let err = try_act(&unit, &item, Action::ApproveExtension {})
        .await
        .expect_err("units do not approve");
    assert_eq!(err.status(), Some(reqwest::StatusCode::FORBIDDEN));
    let item = act(&dispatcher, &item, Action::ApproveExtension {}).await;
    assert_eq!(
        item.clock.as_ref().expect("clock").due_at,
        due + time::Duration::minutes(30)
    );
    assert_eq!(item.counters.extensions, 1);

    let item = act(&unit, &item, ask()).await;
    let item = act(
        &dispatcher,
        &item,
        Action::DenyExtension {
            reason: "理由不足".into(),
        },
    )
    .await;
    assert!(item.extension.is_none());
    assert_eq!(
        item.clock.as_ref().expect("clock").due_at,
        due + time::Duration::minutes(30)
    );
    let err = try_act(&dispatcher, &item, Action::ApproveExtension {})
        .await
        .expect_err("nothing pending");
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNPROCESSABLE_ENTITY));
    let err = try_act(
        &unit,
        &item,
        Action::RequestExtension {
            extra: "3 weeks".into(),
            reason: "x".into(),
        },
    )
    .await
    .expect_err("bad limit");
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNPROCESSABLE_ENTITY));
}

/// Every item's history from the log, folded afresh.
async fn replay_log(server: &TestServer) -> Vec<Item> {
    let published = server.store.events_after(0, usize::MAX).await.expect("log");
    let mut histories: std::collections::BTreeMap<String, Vec<Event>> = Default::default();
    for p in published {
        let event: Event = serde_json::from_str(&p.json).expect("event json");
        histories
            .entry(event.item_id.to_string())
            .or_default()
            .push(event);
    }
    histories
        .values()
        .map(|h| Item::replay(h).expect("history starts with created"))
        .collect()
}

#[tokio::test]
async fn the_stats_of_a_simulated_shift_match_a_replay_of_the_log() {
    // The shipped policy with its routes: items dispatch themselves.
    let policy = citydesk::data::default_policy();
    let offset = policy.calendar().offset();
    let server = TestServer::start_with(ServerConfig {
        policy,
        tick: Duration::from_millis(50),
        ..ServerConfig::default()
    })
    .await;
    let client = server.client("sim", Role::Supervisor).await;
    let opts = citydesk::sim::SimOptions {
        scenario: citydesk::sim::Scenario::Normal,
        seed: 5,
        rate: 2000.0,
        duration: None,
        items: Some(300),
        speed: 1000.0,
        concurrency: 32,
        intake_only: false,
        layout: None,
    };
    let stats = std::sync::Arc::new(citydesk::sim::Stats::default());
    let report = citydesk::sim::simulate(
        client.clone(),
        citydesk::data::default_city(),
        opts,
        stats,
        tokio_util::sync::CancellationToken::new(),
    )
    .await
    .expect("simulate");
    assert!(report.automatic > 0, "routes dispatched items: {report}");

    let now = time::OffsetDateTime::now_utc();
    let (from, to) = (now - time::Duration::hours(1), now + time::Duration::hours(1));
    let served = client.stats_range(from, to).await.expect("stats");
    let items = replay_log(&server).await;
    let facts: Vec<citydesk::model::stats::Facts> =
        items.iter().map(citydesk::model::stats::Facts::of).collect();
    let window = citydesk::model::stats::Window::Range { from, to };
    let replayed = citydesk::model::stats::compute(facts.iter(), window, offset, served.now);
    // Through JSON like the served figures, so rates parse the same way.
    let replayed: citydesk::api::Stats =
        serde_json::from_str(&serde_json::to_string(&replayed).expect("json")).expect("stats json");
    // The ticker may have written between the two reads only if a clock
    // ran out; with the shipped limits (minutes to days) none does here.
    assert_eq!(served.groups.len(), replayed.groups.len());
    for (a, b) in served.groups.iter().zip(&replayed.groups) {
        assert_eq!(a, b, "group {} × {}", a.queue, a.department);
    }
    assert_eq!(served.backlog, replayed.backlog);
    assert_eq!(served, replayed);
    let all = served.group("all", "all").expect("all");
    assert!(all.completion.denominator > 0, "{all:?}");
}
