//! Items worked through their whole life over HTTP.

use crate::common::*;
use citydesk::model::{
    Action, EmergencyService, Kind, LinkTarget, Outcome, Role, Stage, Status, Supervision, Tier,
};

#[tokio::test]
async fn ticket_goes_from_new_to_closed_with_rework_and_reopen_counted() {
    let server = TestServer::start().await;
    let desk = server.client("wangfang", Role::Dispatcher).await;
    let unit = server.client("water_desk", Role::Unit).await;
    let boss = server.client("lizhang", Role::Supervisor).await;

    let t = new_ticket(&desk, "停水 凌河区 正大街道").await;
    assert_eq!((t.status, t.version), (Status::New, 1));
    assert_eq!(t.clock.as_ref().map(|c| c.stage), Some(Stage::Accept));

    let t = act(&desk, &t, Action::Accept {}).await;
    let t = act(
        &desk,
        &t,
        Action::Dispatch {
            department: "供水公司".into(),
        },
    )
    .await;
    assert_eq!(
        (t.status, t.department.as_deref()),
        (Status::Dispatched, Some("water"))
    );
    let t = act(&unit, &t, Action::Sign {}).await;
    let t = act(
        &unit,
        &t,
        Action::Resolve {
            summary: "阀门已修复".into(),
        },
    )
    .await;
    assert_eq!(t.status, Status::Resolved);
    let t = act(
        &desk,
        &t,
        Action::Verify {
            passed: false,
            note: "仍无水".into(),
        },
    )
    .await;
    assert_eq!((t.status, t.counters.rework), (Status::Dispatched, 1));
    let t = act(&unit, &t, Action::Sign {}).await;
    let t = act(
        &unit,
        &t,
        Action::Resolve {
            summary: "更换管段".into(),
        },
    )
    .await;
    let t = act(
        &desk,
        &t,
        Action::Verify {
            passed: true,
            note: String::new(),
        },
    )
    .await;
    assert_eq!(
        (t.status, t.outcome.clone()),
        (Status::Closed, Some(Outcome::Verified))
    );
    assert!(t.clock.is_none());

    let t = act(
        &boss,
        &t,
        Action::Reopen {
            reason: "市民回访不满意".into(),
        },
    )
    .await;
    assert_eq!((t.status, t.counters.reopens), (Status::Accepted, 1));

    let detail = desk.item(&t.id).await.expect("detail");
    let types: Vec<_> = detail.history.iter().map(|e| e.body.type_name()).collect();
    assert_eq!(
        types,
        [
            "created",
            "accepted",
            "dispatched",
            "signed",
            "resolved",
            "verified",
            "signed",
            "resolved",
            "verified",
            "reopened"
        ]
    );
    let versions: Vec<u64> = detail.history.iter().map(|e| e.version).collect();
    assert_eq!(versions, (1..=10).collect::<Vec<_>>());
    assert_eq!(detail.history[3].actor, "op:water_desk");
}

#[tokio::test]
async fn return_counts_and_sends_the_item_back_for_dispatch() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let unit = server.client("u", Role::Unit).await;
    let t = new_ticket(&desk, "水质发黄").await;
    let t = act(&desk, &t, Action::Accept {}).await;
    let t = act(
        &desk,
        &t,
        Action::Dispatch {
            department: "water".into(),
        },
    )
    .await;
    let t = act(
        &unit,
        &t,
        Action::Return {
            reason: "属燃气公司职责".into(),
        },
    )
    .await;
    assert_eq!(
        (t.status, t.counters.returns, t.department.clone()),
        (Status::Accepted, 1, None)
    );
    let t = act(
        &desk,
        &t,
        Action::Dispatch {
            department: "gas".into(),
        },
    )
    .await;
    assert_eq!(t.department.as_deref(), Some("gas"));
}

#[tokio::test]
async fn tickets_are_answered_or_transferred_directly() {
    let server = TestServer::start().await;
    let agent = server.client("agent", Role::Agent).await;
    let a = new_ticket(&agent, "供暖收费政策咨询").await;
    let a = act(
        &agent,
        &a,
        Action::Answer {
            answer: "按面积收费，已解释".into(),
            entry: None,
        },
    )
    .await;
    assert_eq!((a.status, a.outcome), (Status::Closed, Some(Outcome::Answered)));
    let b = new_ticket(&agent, "路口有人受伤").await;
    let b = act(
        &agent,
        &b,
        Action::Transfer {
            to: EmergencyService::Ambulance,
        },
    )
    .await;
    assert_eq!(
        b.outcome,
        Some(Outcome::Transferred {
            to: EmergencyService::Ambulance
        })
    );
    // Answer is for tickets only.
    let inc = agent
        .create(&of_kind(Kind::Incident, "井盖缺失"), None)
        .await
        .expect("create")
        .item
        .item;
    let err = try_act(
        &agent,
        &inc,
        Action::Answer {
            answer: "x".into(),
            entry: None,
        },
    )
    .await
    .expect_err("refused");
    assert_eq!(err.code(), Some("invalid_transition"));
}

#[tokio::test]
async fn a_repeated_alert_bumps_its_count_and_can_clear_itself() {
    let server = TestServer::start().await;
    let agent = server.client("sensor", Role::Agent).await;
    let mut alert = of_kind(Kind::Alert, "井盖位移 古塔区 北街");
    alert.fingerprint = Some("cover-210702-0042".into());
    let first = agent.create(&alert, None).await.expect("create").item.item;
    let again = agent.create(&alert, None).await.expect("recur");
    assert_eq!(
        again.item.item.id, first.id,
        "no new item for the same fingerprint"
    );
    assert_eq!(again.item.item.occurrences, 2);
    assert_eq!(again.events[0].body.type_name(), "recurred");
    let cleared = act(&agent, &again.item.item, Action::Clear {}).await;
    assert_eq!(
        (cleared.status, cleared.outcome),
        (Status::Closed, Some(Outcome::Cleared))
    );
    // Once closed, the same fingerprint opens a new alert.
    let fresh = agent.create(&alert, None).await.expect("create").item.item;
    assert_ne!(fresh.id, first.id);
}

#[tokio::test]
async fn merge_keeps_callers_and_links_go_both_ways() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let mut req = ticket("小区供热不热");
    req.caller = Some(citydesk::model::Caller {
        name: Some("张先生".into()),
        phone: Some("13900001234".into()),
        ..Default::default()
    });
    let a = desk.create(&req, None).await.expect("a").item.item;
    req.caller = Some(citydesk::model::Caller {
        name: Some("李女士".into()),
        phone: None,
        ..Default::default()
    });
    let b = desk.create(&req, None).await.expect("b").item.item;
    let merged = act(&desk, &b, Action::Merge { into: a.id.clone() }).await;
    assert_eq!(
        (merged.status, merged.merged_into.clone()),
        (Status::Merged, Some(a.id.clone()))
    );
    let survivor = fetch(&desk, &a.id).await;
    assert_eq!(survivor.callers.len(), 2);
    assert_eq!(survivor.merged_from, vec![b.id.clone()]);
    // A merged item takes no more work.
    let err = try_act(&desk, &merged, Action::Accept {})
        .await
        .expect_err("merged");
    assert_eq!(err.code(), Some("invalid_transition"));

    let inc = desk
        .create(&of_kind(Kind::Incident, "交通事故伤人"), None)
        .await
        .expect("inc")
        .item
        .item;
    let inc = act(
        &desk,
        &inc,
        Action::Link {
            target: LinkTarget::Emergency(EmergencyService::Police),
        },
    )
    .await;
    let inc = act(
        &desk,
        &inc,
        Action::Link {
            target: LinkTarget::Item(a.id.clone()),
        },
    )
    .await;
    assert_eq!(inc.links.len(), 2);
    assert_eq!(
        fetch(&desk, &a.id).await.links,
        [LinkTarget::Item(inc.id.clone())]
    );
}

#[tokio::test]
async fn park_stops_the_clock_and_resume_gives_the_time_back() {
    // A manual clock: the parked time is known to the second. The P2
    // ticket's dispatch stage counts wall time (30 min), so the due time
    // moves by exactly the time parked.
    let clock = citydesk::server::TimeSource::manual(time::macros::datetime!(2026-11-30 02:00 UTC));
    let server = TestServer::start_with(citydesk::server::ServerConfig {
        clock: clock.clone(),
        ..Default::default()
    })
    .await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "路灯不亮").await;
    let t = act(&desk, &t, Action::Accept {}).await;
    let due_before = t.clock.as_ref().map(|c| c.due_at).expect("clock");
    let t = act(
        &desk,
        &t,
        Action::Park {
            reason: "等待配件".into(),
        },
    )
    .await;
    assert_eq!(t.status, Status::Parked);
    assert_eq!(t.clock.as_ref().and_then(|c| c.paused_at), Some(clock.now()));
    let parked = time::Duration::minutes(17) + time::Duration::seconds(3);
    clock.advance(parked);
    let t = act(&desk, &t, Action::Resume {}).await;
    assert_eq!(t.status, Status::Accepted);
    let c = t.clock.as_ref().expect("clock");
    assert_eq!(c.due_at - due_before, parked);
    assert_eq!(c.parked_secs, parked.whole_seconds());
    assert_eq!(c.paused_at, None);
}

#[tokio::test]
async fn escalation_climbs_one_tier_at_a_time_to_the_city() {
    let server = TestServer::start().await;
    let boss = server.client("boss", Role::Supervisor).await;
    let mut t = new_ticket(&boss, "楼道堆物").await;
    for tier in [Tier::Community, Tier::Street, Tier::District, Tier::City] {
        t = act(
            &boss,
            &t,
            Action::Escalate {
                reason: "未解决".into(),
            },
        )
        .await;
        assert_eq!(t.tier, tier);
    }
    let err = try_act(
        &boss,
        &t,
        Action::Escalate {
            reason: "再提级".into(),
        },
    )
    .await
    .expect_err("top");
    assert_eq!(err.code(), Some("invalid"));
    assert!(err.to_string().contains("city tier"), "{err}");
    let t = new_ticket(&boss, "楼道堆物").await;
    let err = try_act(&boss, &t, Action::Escalate { reason: " ".into() })
        .await
        .expect_err("an escalation says why");
    assert!(err.to_string().contains("reason must not be empty"), "{err}");
    let t = boss.item(&t.id).await.expect("item").item.item;
    assert_eq!(t.tier, Tier::Grid, "nothing changed");
    let t = act(
        &boss,
        &t,
        Action::Supervise {
            level: Supervision::Red,
        },
    )
    .await;
    assert_eq!(t.supervision, Supervision::Red);
}

#[tokio::test]
async fn a_claim_blocks_colleagues_until_released_or_overridden() {
    let server = TestServer::start().await;
    let alice = server.client("alice", Role::Dispatcher).await;
    let bob = server.client("bob", Role::Dispatcher).await;
    let boss = server.client("boss", Role::Supervisor).await;
    let t = new_ticket(&alice, "噪声扰民").await;
    let t = act(&alice, &t, Action::Claim {}).await;
    assert_eq!(t.claim.as_ref().map(|c| c.owner.as_str()), Some("alice"));

    let err = try_act(&bob, &t, Action::Accept {}).await.expect_err("claimed");
    assert_eq!(err.code(), Some("claimed"));
    // Notes never conflict.
    let t = act(
        &bob,
        &t,
        Action::Note {
            text: "我也接到电话".into(),
        },
    )
    .await;

    let mut req = citydesk::api::ActionRequest::new(Action::Accept {}, t.version);
    req.override_claim = true;
    let err = bob
        .act(&t.id, &req, None)
        .await
        .expect_err("no override for dispatchers");
    assert_eq!(err.code(), Some("forbidden"));
    let said = err.to_string();
    assert!(said.contains("overriding a claim needs a supervisor"), "{said}");
    assert!(!said.contains("may not accept"), "dispatchers may accept: {said}");
    let t = boss
        .act(&t.id, &req, None)
        .await
        .expect("supervisor overrides")
        .item
        .item;
    assert_eq!(t.status, Status::Accepted);

    let t = act(&alice, &t, Action::Release {}).await;
    assert!(t.claim.is_none());
    let t = act(
        &bob,
        &t,
        Action::Dispatch {
            department: "environment".into(),
        },
    )
    .await;
    assert_eq!(t.status, Status::Dispatched);
}

#[tokio::test]
async fn snapshot_lists_open_items_as_of_a_seq_with_filters() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    new_ticket(&desk, "一").await;
    let closed = new_ticket(&desk, "二").await;
    act(
        &desk,
        &closed,
        Action::Answer {
            answer: "已答复".into(),
            entry: None,
        },
    )
    .await;
    desk.create(&of_kind(Kind::Incident, "路面塌陷"), None)
        .await
        .expect("inc");
    let snap = desk.snapshot(&Default::default()).await.expect("snapshot");
    assert_eq!(snap.seq, server.store.head());
    assert_eq!(snap.items.len(), 2, "the answered ticket is not open");
    let only = citydesk::api::SnapshotQuery {
        kind: Some(Kind::Incident),
        ..Default::default()
    };
    let snap = desk.snapshot(&only).await.expect("snapshot");
    assert_eq!(snap.items.len(), 1);
    assert_eq!(snap.items[0].item.kind, Kind::Incident);
    let district = citydesk::api::SnapshotQuery {
        district: Some("太和区".into()),
        ..Default::default()
    };
    assert_eq!(desk.snapshot(&district).await.expect("snapshot").items.len(), 2);
}

#[tokio::test]
async fn directory_lists_departments_with_their_open_load() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "停水").await;
    let t = act(&desk, &t, Action::Accept {}).await;
    act(
        &desk,
        &t,
        Action::Dispatch {
            department: "water".into(),
        },
    )
    .await;
    let dir = desk.directory().await.expect("directory");
    let water = dir.departments.iter().find(|d| d.code == "water").expect("water");
    assert_eq!((water.name.as_str(), water.open), ("供水公司", 1));
    assert!(dir.operators.iter().any(|o| o.login == "d"));
    let me = desk.me().await.expect("me");
    assert_eq!(me.operator.role, Role::Dispatcher);
}

#[tokio::test]
async fn approved_extensions_cannot_push_a_deadline_past_twenty_years() {
    let server = TestServer::start().await;
    let desk = server.client("disp", Role::Dispatcher).await;
    let unit = server.client("water", Role::Unit).await;
    let t = new_ticket(&desk, "长期管线改造").await;
    let t = act(&desk, &t, Action::Accept {}).await;
    let t = act(
        &desk,
        &t,
        Action::Dispatch {
            department: "water".into(),
        },
    )
    .await;
    let mut t = act(&unit, &t, Action::Sign {}).await;
    let ask = || Action::RequestExtension {
        extra: "3650d".into(),
        reason: "跨年度工程".into(),
    };
    t = act(&unit, &t, ask()).await;
    t = act(&desk, &t, Action::ApproveExtension {}).await;
    t = act(&unit, &t, ask()).await;
    let err = try_act(&desk, &t, Action::ApproveExtension {})
        .await
        .expect_err("a second ten years is refused");
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNPROCESSABLE_ENTITY));
    assert!(err.to_string().contains("7300 days"), "{err}");
    // The server is still up and the item unchanged by the refusal.
    assert_eq!(fetch(&desk, &t.id).await.version, t.version);
}

#[tokio::test]
async fn a_cleared_alert_is_not_reopened_beside_its_open_twin() {
    let server = TestServer::start().await;
    let sensor = server.client("sensor", Role::Agent).await;
    let boss = server.client("boss", Role::Supervisor).await;
    let mut alert = of_kind(Kind::Alert, "井盖位移 古塔区 北街");
    alert.fingerprint = Some("cover-twin-7".into());
    let first = sensor.create(&alert, None).await.expect("create").item.item;
    let first = act(&sensor, &first, Action::Clear {}).await;
    let second = sensor.create(&alert, None).await.expect("create").item.item;
    assert_ne!(second.id, first.id, "closed, so a new alert");
    let err = try_act(
        &boss,
        &first,
        Action::Reopen {
            reason: "误清除".into(),
        },
    )
    .await
    .expect_err("its twin is open");
    assert_eq!(err.code(), Some("invalid"));
    assert!(err.to_string().contains(second.id.as_str()), "{err}");
    // Once the twin is cleared, the first may be reopened.
    act(&sensor, &second, Action::Clear {}).await;
    let again = act(
        &boss,
        &first,
        Action::Reopen {
            reason: "误清除".into(),
        },
    )
    .await;
    assert!(again.status.is_open());
}
