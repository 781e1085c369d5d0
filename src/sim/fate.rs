//! What happens to a report once it is in: accepted, dispatched (now and
//! then to the wrong department, which sends it back), signed for,
//! resolved and verified — or answered in the call, rejected, parked, sent
//! back for rework, reopened, escalated, or simply left to run late so its
//! clock turns yellow and red. Probabilities are rough shares of a shift,
//! not measured figures.

use super::place::{SimRng, below};
use super::script::{Act, Step};
use crate::model::{Action, Category, City, EmergencyService, Kind, LinkTarget, Satisfaction, Supervision};
use rand::RngExt;

/// Builds a list of steps with random waits between them.
struct Plan<'a> {
    rng: &'a mut SimRng,
    kind: Kind,
    /// Waits are divided by this (`--speed`).
    speed: f64,
    steps: Vec<Step>,
}

impl Plan<'_> {
    /// Adds `action` between `lo` and `hi` seconds after the previous step.
    fn after(&mut self, lo: u64, hi: u64, action: Action) {
        let after_ms = scaled(self.rng.random_range(lo * 1000..=hi * 1000), self.speed);
        self.steps.push(Step {
            after_ms,
            act: Act::Do(action),
        });
    }

    /// The dispatcher sends it to `department` if the routes did not.
    fn route(&mut self, department: &str) {
        let after_ms = scaled(self.rng.random_range(5_000..=30_000), self.speed);
        self.steps.push(Step {
            after_ms,
            act: Act::Route(department.to_owned()),
        });
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// Signed for, resolved and verified.
    fn handle(&mut self) {
        self.after(10, 90, Action::Sign {});
        self.after(30, 300, resolve());
        self.evaluate();
    }

    /// Verification, or for a ticket the callback (回访): mostly satisfied,
    /// now and then not, and then and again the department's fault, which
    /// sends it back for rework.
    fn evaluate(&mut self) {
        if self.kind != Kind::Ticket {
            self.after(10, 60, verify(true));
            return;
        }
        let roll: f64 = self.rng.random();
        let (satisfaction, attributable) = if roll < 0.80 {
            (Satisfaction::Satisfied, false)
        } else if roll < 0.93 {
            (Satisfaction::Basic, false)
        } else if roll < 0.97 {
            (Satisfaction::Unsatisfied, false)
        } else {
            (Satisfaction::Unsatisfied, true)
        };
        self.after(
            10,
            60,
            Action::Callback {
                satisfaction,
                attributable,
                note: text(if attributable {
                    "市民反映问题仍未解决"
                } else {
                    "已回访市民"
                }),
            },
        );
        if attributable {
            // Rework: the department signs again and finishes properly.
            self.after(10, 90, Action::Sign {});
            self.after(30, 180, resolve());
            self.after(10, 60, verify(true));
        }
    }
}

/// `ms` at `speed` times real time.
pub fn scaled(ms: u64, speed: f64) -> u64 {
    (ms as f64 / speed.max(0.001)) as u64
}

fn text(s: &str) -> String {
    s.to_owned()
}

fn resolve() -> Action {
    Action::Resolve {
        summary: text("已处置完毕，现场已恢复正常"),
    }
}

fn verify(passed: bool) -> Action {
    let note = if passed {
        "核查通过"
    } else {
        "现场核查未整改到位"
    };
    Action::Verify {
        passed,
        note: text(note),
    }
}

fn dispatch(department: &str) -> Action {
    Action::Dispatch {
        department: department.to_owned(),
    }
}

/// A department other than the right one, for a misrouted dispatch.
fn wrong_department<'a>(rng: &mut SimRng, city: &'a City, right: &'a str) -> &'a str {
    let others: Vec<&str> = city
        .departments
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| *c != right)
        .collect();
    others.get(below(rng, others.len())).copied().unwrap_or(right)
}

/// The life of a fresh report of `category` arriving in queue `kind`.
pub fn lifecycle(rng: &mut SimRng, speed: f64, city: &City, category: &Category, kind: Kind) -> Vec<Step> {
    let mut p = Plan {
        rng,
        kind,
        speed,
        steps: Vec::new(),
    };
    if kind == Kind::Ticket && ticket_closes_in_call(&mut p, category) {
        return p.steps;
    }
    // Some reports wait in the inbox: the accept clock runs out first.
    if p.chance(0.03) {
        return p.steps;
    }
    if p.chance(0.03) {
        p.after(
            10,
            60,
            Action::Reject {
                reason: text("信息不全，无法核实，不予受理"),
            },
        );
        return p.steps;
    }
    p.after(2, 20, Action::Accept {});
    if kind == Kind::Incident {
        for service in &category.emergency {
            p.after(
                1,
                5,
                Action::Link {
                    target: LinkTarget::Emergency(*service),
                },
            );
        }
    }
    misroute(&mut p, city, &category.department);
    p.route(&category.department);
    if p.chance(0.10) {
        run_late(&mut p);
        return p.steps;
    }
    work(&mut p, &category.department);
    p.steps
}

/// Tickets a call-taker closes in the call: a direct answer or a transfer
/// to an emergency service. `true` when the plan ends there.
fn ticket_closes_in_call(p: &mut Plan<'_>, category: &Category) -> bool {
    if category.direct_answer && p.chance(0.8) {
        p.after(
            20,
            120,
            Action::Answer {
                answer: text("已按政策口径答复市民，市民表示满意"),
                entry: None,
            },
        );
        return true;
    }
    if p.chance(0.015) {
        p.after(
            5,
            30,
            Action::Transfer {
                to: EmergencyService::Police,
            },
        );
        return true;
    }
    false
}

/// Now and then the dispatcher picks the wrong department, which returns
/// the item (退单); rarely three times, and the supervisor steps in.
fn misroute(p: &mut Plan<'_>, city: &City, right: &str) {
    let times = if p.chance(0.015) {
        3
    } else if p.chance(0.08) {
        1
    } else {
        0
    };
    for _ in 0..times {
        let wrong = wrong_department(p.rng, city, right);
        p.after(5, 30, dispatch(wrong));
        p.after(
            10,
            60,
            Action::Return {
                reason: text("非本单位职责，请改派"),
            },
        );
    }
    if times == 3 {
        p.after(
            5,
            20,
            Action::Supervise {
                level: Supervision::Yellow,
            },
        );
        p.after(
            5,
            20,
            Action::Escalate {
                reason: text("三次退单，提级办理"),
            },
        );
    }
}

/// Nobody signs for it: its clock turns yellow, then red; sometimes the
/// supervisor escalates or issues a card.
fn run_late(p: &mut Plan<'_>) {
    if p.chance(0.4) {
        p.after(
            60,
            180,
            Action::Escalate {
                reason: text("催办后仍未签收，提级办理"),
            },
        );
    }
    if p.chance(0.3) {
        p.after(
            30,
            120,
            Action::Supervise {
                level: Supervision::Red,
            },
        );
    }
}

/// Signed for and handled, with the occasional pause, rework or reopen.
fn work(p: &mut Plan<'_>, department: &str) {
    p.after(10, 90, Action::Sign {});
    if p.chance(0.06) {
        // Signed for but never finished: the resolve clock runs out.
        return;
    }
    if p.chance(0.03) {
        p.after(
            20,
            60,
            Action::Park {
                reason: text("等待配件到货，暂缓处置"),
            },
        );
        p.after(30, 120, Action::Resume {});
    }
    p.after(30, 300, resolve());
    if p.chance(0.04) {
        p.after(10, 60, verify(false));
        p.after(10, 60, Action::Sign {});
        p.after(30, 180, resolve());
    }
    p.evaluate();
    if p.chance(0.02) {
        p.after(
            30,
            120,
            Action::Reopen {
                reason: text("回访不满意，市民反映问题仍未解决"),
            },
        );
        p.route(department);
        p.handle();
    }
}
