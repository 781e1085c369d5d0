# citydesk's English words. Keys are shared with zh-CN.ftl; `citydesk
# check` reports a key one file lacks, a placeable that differs and a key
# the code no longer uses. Fluent syntax: https://projectfluent.org

## Statuses, roles, tiers, cards, emergency services (keys built from wire names)

status-new = new
status-accepted = accepted
status-dispatched = dispatched
status-in_progress = in progress
status-resolved = resolved
status-closed = closed
status-rejected = rejected
status-parked = parked
status-merged = merged
role-viewer = viewer
role-agent = agent
role-dispatcher = dispatcher
role-supervisor = supervisor
role-admin = admin
role-unit = unit
role-telephony = telephony
role-feed = feed
tier-grid = grid
tier-community = community
tier-street = street
tier-district = district
tier-city = city
card-normal = supervised
card-yellow = yellow card
card-red = red card
service-110 = police 110
service-119 = fire 119
service-120 = ambulance 120
service-122 = traffic police 122

## Panes

pane-incidents = Incidents
pane-escalations = Escalations
pane-alerts = Grid alerts
pane-tickets = Hotline 12345
pane-mine = My work
pane-directory = Directory
pane-log = Event log
pane-map = City map
pane-in-storms = { $n } in storms
pane-red = { $n } red
pane-stale = stale

## Item columns (the short form where the long one does not fit)

col-clock = CLOCK
col-id = ID
col-title = TITLE
col-why = WHY HERE
col-why-short = WHY
col-status = STATUS
col-status-short = STAT
col-district = DISTRICT
col-district-short = DIST
col-department = DEPARTMENT
col-department-short = DEPT
col-claim = CLAIM

## Why an item is in Escalations

why-designate-returns = { $n } returns: designate
why-designate-returns-short = { $n } returns
why-designate = designate handler
why-designate-short = designate
why-extension = extension asked
why-extension-short = extension
why-card-short = supervised
why-yellow-short = yellow
why-tier = { $tier } tier
why-tier-short = raised
why-late = overdue

## Clocks

clock-left = { $time }
clock-over = +{ $time }
clock-paused = paused

## Header

header-enlarge = citydesk: enlarge the terminal
header-centre = Jinzhou city operations command centre
header-live = live { $seq }
header-connecting = connecting
header-reconnecting = reconnecting in { $secs }s · seq { $seq }
header-offline = offline since { $time }
header-replica = on { $replica }
header-filter = filter { $filter }
header-marked = { $n } marked

## Footer hints

hint-help = help
hint-detail = detail
hint-its-items = its items
hint-filter = filter
hint-command = command
hint-next-mark = next mark
hint-zoom = zoom
hint-fit = fit
hint-heat = heat
hint-queues = queues
hint-search = search
hint-next-match = next match
hint-previous = previous
hint-scroll = scroll
hint-back = back
hint-run = run
hint-keep-filter = keep the filter
hint-keep-search = keep the search
hint-complete = complete
hint-previous-command = previous command
hint-delete = delete
hint-cancel = cancel
hint-yes = yes
hint-no = no
hint-next-field = next field
hint-save = save
hint-drop = drop
hint-one-line-form = one-line form
hint-take = take
hint-next = next
hint-type = type
hint-type-filters = filters: name, code, pinyin
hint-scroll-departments = scroll departments
hint-switch-window = switch window
hint-merge-duplicate = merge duplicate
hint-approve-extension = approve extension
hint-callback = callback
hint-pending = { $keys } … (the box lists what can follow)
status-connection = connection: { $error }

## Plurals

n-callers = { $n ->
    [one] { $n } caller
   *[other] { $n } callers
}

## Verbs, as the footer and menus name them: in English the : spelling itself

verb-accept = accept
verb-reject = reject
verb-dispatch = dispatch
verb-sign = sign
verb-return = return
verb-resolve = resolve
verb-verify = verify
verb-reopen = reopen
verb-escalate = escalate
verb-supervise = supervise
verb-priority = priority
verb-park = park
verb-resume = resume
verb-claim = claim
verb-release = release
verb-merge = merge
verb-link = link
verb-note = note
verb-answer = answer
verb-transfer = transfer
verb-clear = clear
verb-extend = extend
verb-approve-extension = approve-extension
verb-deny-extension = deny-extension
verb-callback = callback

## Event names (keys built from the wire name)

event-created = created
event-accepted = accepted
event-rejected = rejected
event-dispatched = dispatched
event-signed = signed
event-returned = returned
event-resolved = resolved
event-verified = verified
event-reopened = reopened
event-escalated = escalated
event-supervised = supervised
event-priority_set = priority set
event-parked = parked
event-resumed = resumed
event-claimed = claimed
event-released = released
event-merged = merged
event-absorbed = absorbed
event-linked = linked
event-noted = noted
event-answered = answered
event-transferred = transferred
event-amended = amended
event-recurred = recurred
event-cleared = cleared
event-chased = chased
event-extension_requested = extension requested
event-extension_approved = extension approved
event-extension_denied = extension denied
event-duplicates_suggested = duplicates suggested
event-grouped = grouped
event-group_added = group added
event-called_back = called back
event-redacted = redacted
event-sla_warning = SLA warning
event-sla_breached = SLA breached

## Focus, marks, placeholders

focus-pane = { $pane } pane
marks-question-all = { $verb } { $n } marked out of view: { $list }?
marks-question-some = { $verb } { $n } marked, { $away } out of view: { $list }?
marks-lead = { $n } marked:
marks-act = item keys act on these
marks-away = { $n } not in this pane: keys ask first
marks-unmark = M unmarks
gone-by = {" "}by { $who }
gone-verified = { $id } closed ({ $event }{ $by })
gone-event = { $id } { $event }{ $by }
gone-closed = { $id } is no longer open
gone-left-after = { $id } left { $pane }: { $event }{ $by }, now { $status }
gone-left = { $id } left { $pane }, now { $status }
gone-nothing-selected = { $why }: nothing selected; j/k moves on
gone-moves-on = j/k moves on
no-item-selected = no item selected

## Event summaries (console history, tail)

kind-incident = incident
kind-alert = alert
kind-ticket = ticket
stage-accept = accept stage
stage-dispatch = dispatch stage
stage-sign = sign stage
stage-resolve = resolve stage
stage-verify = verify stage
level-none = none
level-normal = normal
level-yellow = yellow
level-red = red
satisfaction-satisfied = satisfied
satisfaction-basic = basically satisfied
satisfaction-unsatisfied = unsatisfied
ev-returned = return #{ $n } by { $from }: { $reason }
ev-pass = pass
ev-fail = fail
ev-designate = designate handler
ev-supervised = supervised
ev-claimed = by { $owner } until { $until }
ev-merged = into { $into }
ev-absorbed = from { $from } ({ $callers })
ev-answered-entry = { $answer } (knowledge { $entry })
ev-cleared = condition went away
ev-chased = chased
ev-extension-approved = +{ $extra } granted, due { $due }
ev-duplicates = possible duplicate of { $ids }
ev-grouped = in storm { $parent }
ev-called-back-attributable = { $satisfaction }, attributable
ev-redacted = removed
ev-field-title = title
ev-field-category = category
ev-field-place = place
ev-source-updated = the source's message updated
ev-by-rule = by rule { $rule }
ev-no-deadline = no deadline
ev-due = due { $at }

## tail (stderr)

tail-retrying = { $why }; retrying in { $secs } s
tail-lost = connection lost ({ $why }); will resume after seq { $seq }
tail-closed = the server closed the stream
tail-reset-reason = the server reset the stream ({ $reason })
tail-moved = connection to { $left } lost — now on { $on }; resuming after seq { $seq }
tail-reconnected = reconnected to { $url }; resuming after seq { $seq }
tail-reset = the server reset the stream after seq { $seq } ({ $reason }); continuing from seq { $next }

## Detail

loading = loading…
detail-history = History
detail-claim = { $owner } until { $until }
detail-viewing = also viewing: { $names }
detail-raw = Raw document ({ $source }, { $kind }) · :raw hides it
field-kind = kind
field-status = status
field-priority = priority
field-category = category
field-tier = tier
field-supervision = supervision
field-place = place
field-department = department
field-claim = claim
field-clock = clock
field-returns = returns
field-rework = rework
field-reopens = reopens
field-occurrences = occurrences
field-callers = callers
origin-from = from
origin-foreign-id = foreign id
origin-sender = sender
origin-link = link
detail-clock = { $stage }, { $left } { $state }{ $paused }
clock-green = green
clock-yellow = yellow
clock-red = red

## Detail: relations and actions

actions-you-may = you may
actions-nothing = nothing now
actions-claimed = (claimed by { $owner }: ask them, or a supervisor)
rel-not-open = not open
rel-routed = routed
rel-returned-by = returned by
rel-designate = needs a supervisor to designate the handler (returned too often)
rel-approves = { $key } approves
rel-denies = { $key } denies
rel-extension-asked = +{ $extra } asked by { $who }: { $reason }
rel-extension = extension
rel-callback = callback
rel-since-returned = since returned
rel-routed-rule = → { $department } by { $rule }
rel-routed-by = → { $department }, dispatched by { $actor }
rel-duplicate-closed = suggested duplicate { $id } is no longer open
rel-duplicate = likely duplicate of { $item }
rel-merges = merges { $id } into { $into } (adds its caller there)
rel-storm = storm
rel-grouped-under = grouped under { $item }
rel-grouped-here = { $n } alerts grouped here ({ $open } open); clearing this offers to clear them
rel-raised-from = raised from { $item }
rel-emergency = { $service } (emergency service)
rel-link = link
rel-merged-here = merged here
rel-merged-into = merged into

## Server error messages (zh-CN only: English keeps the server's own words)

error-with-detail = { $text }: { $detail }
error-conflict = the item changed since version { $expected } (now { $current }){ $by }
error-conflict-by = , last { $event } by { $who }
error-claimed = claimed by { $owner } until { $until }
error-forbidden-action = a { $role } may not { $verb }
error-forbidden-endpoint = a { $role } may not use this endpoint
error-forbidden-create = a { $role } may not create items
error-forbidden-designate = a supervisor must designate the handler first
error-forbidden-department = the item is another department's
error-transition-status = the item is { $status }: it cannot { $verb } now; it may { $allowed }
error-transition-kind = a { $kind } cannot { $verb }
rule-unknown-department = there is no department { $department }; see the directory
rule-already-dispatched = already dispatched to { $department }
rule-no-clock = no clock runs on this item; nothing to extend
rule-extension-pending = an extension is already pending; approve or deny it first
rule-no-extension-pending = no extension is pending
rule-deadline-too-far = this extension would set the deadline to { $date }, more than { $days } days from now; deny it and ask for less
rule-top-tier = already at the city tier; nothing above it
rule-supervision-unchanged = supervision is already { $level }
rule-supervision-none = the item is not under supervision
rule-priority-unchanged = priority is already { $priority }
rule-not-claimed = the item is not claimed
rule-unknown-item = there is no item { $id }
rule-itself = an item cannot be merged into or linked with itself
rule-merge-kinds = a { $from } cannot be merged into a { $into }
rule-merge-target-closed = { $target } is { $status } and cannot take a merge
rule-already-linked = already linked
rule-fingerprint-not-alert = only alerts carry a fingerprint
rule-raise-kinds = only an incident can be raised, and only from an alert or a ticket
rule-raise-from-closed = { $from } is { $status }; raise incidents from open items
error-unauthorized = no token, or a token the server does not know
error-not-found = not found
error-not-found-city-map = this server's city has no usable district outlines (see its start-up log)
error-not-found-endpoint = no such endpoint; see the README for the API
error-not-found-item = no item { $id }
error-method-not-allowed = method not allowed
error-payload-too-large = the request body is too large
error-invalid = the request is not acceptable
error-idempotency-key-reused = this Idempotency-Key was already used for a different request
error-too-many-requests = too many requests: try again shortly
error-busy = the server is busy: try again shortly
error-unavailable = the service is unavailable
error-storage-unavailable = storage refuses writes for now: try again later
error-internal = internal server error
error-malformed-json = the body is not valid JSON
error-invalid-body = the body's fields are not right
error-malformed = the request is malformed
error-bad-query = the query is not right
error-bad-idempotency-key = the Idempotency-Key is not right
error-bad-last-event-id = the Last-Event-ID is not right

## Help (?)

help-commands-title = Commands (type : then the verb; Tab completes)
help-see-title = What you see
help-see-rows = Each row is one item, columns left to right (narrow panes drop those on the right):
help-col-s = status mark, one letter in the status's colour (below)
help-col-p = priority, P1 most urgent to P4
help-col-clock = time left in the stage; green in time, yellow near due, red late (+ is time past due); paused when parked
help-col-id = INC- incident, ALR- grid alert, TKT- hotline 12345 ticket
help-col-why = in the supervisors' pane: why the item needs one (below), most pressing first; +N more when narrow
help-col-title = what happened, after the flags below
help-col-status = the status in words, on wide panes with room to spare
help-col-district = the district of the place
help-col-department = the department (or community) it is dispatched to, by name
help-col-claim = @who has claimed it, until the claim runs out
help-status-marks = Status marks: { $marks }.
help-placeholder = A placeholder ✕ stands where the selected item left its pane (closed, moved by someone else): nothing is selected until you move with j/k, so no key acts on a row you did not look at; enter shows what became of it.
help-glyph-mark = marked for a bulk action (space marks, M unmarks)
help-glyph-storm = a storm: N grid alerts folded under it (f g shows them)
help-glyph-dup = a suggested duplicate is still open (D merges into it)
help-glyph-designate = a supervisor must designate the handler
help-glyph-viewing = N other people have the item open now
help-glyph-live = live: events arrive as they happen (number: the last)
help-glyph-down = not connected: panes say stale until the link is back
help-header = header
help-header-text = who you are, the connection and the server it is on, filters by name (status:new /text), how many rows are marked, the time
help-footer = footer
help-footer-text = the keys for what is selected; dimmed: not allowed for it now
help-bottom = bottom line
help-bottom-text = what just happened: information fades after 5 s, a warning or error stays until the next key
help-pane-titles = Pane titles count rows and red clocks; a row that just changed flashes.
help-tab-panes = Panes reached only with tab (z shows the focused pane full screen):
help-pane-mine = the items you have claimed
help-pane-directory = departments, busiest first; enter shows a department's items
help-pane-log = every change as it arrives; enter opens its item
help-pane-map = W: districts with open/red counts, items where they are (◆ incident ▲ alert ● ticket, a number for several), coloured by clock; ] the most urgent mark, enter its item, H the heat of the last 6 hours
help-esc-title = Why is an item in Escalations
help-esc-intro = What needs a supervisor, from every queue: an item is there while any of these holds.
help-esc-returns = 3 returns
help-esc-returns-text = returned three times: a supervisor designates the handler
help-esc-designate = designate
help-esc-designate-text = a supervisor must designate the handler
help-esc-extension = extension
help-esc-extension-text = a request for more time waits for an answer (A approves, x denies)
help-esc-card = red/yellow card
help-esc-card-text = a supervision card (S); supervised: a normal card
help-esc-overdue = overdue
help-esc-overdue-text = its stage's clock is red: past due
help-esc-tier = … tier, raised
help-esc-tier-text = escalated above grid level (e raises it one tier, with a reason)
help-esc-detail = The detail (enter) shows its tier, card and clock; its history says who raised it and why.
help-stats-title = What the stats columns mean
help-stats-intro = K opens the stats. open and late count what is open now; rates and times are over the items reported in the window (today or week), parked items left out. - means nothing to count yet.
help-stats-formulas = The formulas are in docs/kpi.md.
help-keys-global = Keys everywhere
help-keys-list = In a list
help-keys-map = On the city map (the list's keys apply too: enter, /, f d, space)
help-keys-detail = In the detail and the stats
help-keys-help = In this help
help-keys-input = In the / and : line
help-keys-confirm = When asked to confirm
help-keys-form = In the intake form (space cycles channel and confidential)
help-keys-picker = In a picker (d, S, p, l, t; typing filters by name, code or pinyin)

## Commands in the help (cmd- + the command's name)

cmd-accept = Accept a new item
cmd-reject = Refuse a new item, with a reason
cmd-dispatch = Send to a department, or again to reassign
cmd-sign = Sign for, on the department's behalf
cmd-return = Return as misrouted, with a reason
cmd-resolve = Report resolved, with a summary
cmd-verify = Verify: pass closes, fail sends back for rework
cmd-reopen = Reopen a closed item, with a reason
cmd-escalate = Raise one tier (grid → community → … → city), with a reason
cmd-supervise = Set the supervision card
cmd-priority = Set the priority P1–P4
cmd-park = Park, stopping the clock, with a reason
cmd-resume = Resume a parked item
cmd-claim = Claim the item (or renew the claim)
cmd-release = Release the claim
cmd-merge = Merge into another item of the same kind
cmd-link = Link to another item, or an incident to 110/119/120/122
cmd-note = Add a note
cmd-answer = Answer a ticket in the call and close it
cmd-transfer = Hand a ticket to 110/119/120/122
cmd-clear = Clear an alert that went away
cmd-extend = Ask for more time on the running stage
cmd-approve-extension = Grant the pending extension: the due time moves
cmd-deny-extension = Refuse the pending extension, with a reason
cmd-callback = Record the caller's satisfaction with a resolved ticket
cmd-new = Log a call: the form, or saved at once when the line has every field
cmd-raise = Raise an incident from this alert or ticket
cmd-stats = Show or hide the KPI view
cmd-children = Show or fold alerts grouped in a storm
cmd-map = Show the city map, or go back to the queues
cmd-raw = Show or hide the document a standard sent about this item
cmd-filter = Only rows with this text in any visible field
cmd-district = Only this district
cmd-category = Only this category
cmd-status = Only this status
cmd-nofilter = Clear every filter
cmd-open = Open an item's detail, closed ones too
cmd-zoom = Zoom the pane to full screen, or back
cmd-help = This help
cmd-quit = Leave the console
help-box = Help { $from }–{ $to } of { $len } · { $search } · esc back
help-box-search = / searches
help-box-hits = /{ $query }: { $n } lines, n next, N previous

## Stats (K)

kpi-title = Stats
kpi-failed = could not load the stats: { $error }
kpi-at = at { $time }
kpi-refresh-failing = refresh failing
kpi-esc-closes = esc closes
kpi-intro = open and late (by stage a/d/s/r/v): now · rates and times: items reported in the window
kpi-queue = queue
kpi-department = department
kpi-queue-all = all queues
kpi-queue-incident = incidents
kpi-queue-alert = grid alerts
kpi-queue-ticket = hotline
kpi-explains = ? explains each
kpi-reported = reported
kpi-open = open
kpi-parked = parked
kpi-closed = closed
kpi-late = late a/d/s/r/v
kpi-completion = completion
kpi-on-time-sign = on-time sign
kpi-on-time-close = on-time close
kpi-satisfaction = satisfaction
kpi-direct-answer = direct answer
kpi-returns = returns
kpi-rework = rework
kpi-short-done = done
kpi-short-sign = sign
kpi-short-close = close
kpi-short-sat = sat
kpi-short-ret = ret
kpi-short-rew = rew
kpi-times = median/p90
kpi-times-wide = median/p90 (items)
kpi-stage-accept = accept
kpi-stage-dispatch = dispatch
kpi-stage-sign = sign
kpi-stage-resolve = resolve
kpi-stage-verify = verify

## Status line after actions, confirmations

confirm-reject = reject {"{"}ids{"}"}?
confirm-verify = verify and close {"{"}ids{"}"}?
confirm-escalate = escalate {"{"}n{"}"} items one tier each ({"{"}ids{"}"})?
confirm-merge = merge {"{"}ids{"}"} into {"{"}into{"}"} (callers are added there)?
confirm-override = override the claim on { $ids }?
confirm-yn = y/n
call-dropped = the call was dropped; nothing sent
sending-actions = { $n ->
    [one] sending { $n } action…
   *[other] sending { $n } actions…
}
live-again = live again; resumed after seq { $seq }
detail-failed = could not load the detail: { $error }
directory-failed = could not load the directory: { $error }
empty-note = empty note: nothing sent
action-done = { $label } { $id }: done
bulk-done = { $label }: { $n } done
bulk-waiting = , { $n } waiting
bulk-failed = ; { $id } failed: { $why }

## Pickers

picker-suggested = suggested: { $why }
picker-filter = filter: { $text }
picker-count = { $n } of { $len }
picker-item-id = an item id…
picker-type-it = type it on the : line
picker-marked = { $n } marked items
picker-open = { $n } open
picker-has-it = has it now
picker-returned-it = returned it
picker-category-department = { $code } { $name } → { $department }, the category's department
picker-now = now
picker-cancelled = cancelled: nothing sent
picker-no-match = nothing matches { $text }; backspace, or esc
not-loaded = { $id }: not loaded
card-pick-normal = 一般督办
card-pick-normal-meaning = the first card: a supervisor follows it
card-pick-yellow = 黄牌督办
card-pick-yellow-meaning = a warning to the department
card-pick-red = 红牌督办
card-pick-red-meaning = the strongest card: reported up
card-pick-none = 撤销督办
card-pick-none-meaning = lift the card
priority-pick-p1 = life or public safety
priority-pick-p2 = urgent: utilities, open manholes
priority-pick-p3 = general
priority-pick-p4 = an enquiry

## Raising an incident

raise-select = select the alert or ticket to raise an incident from
raise-pick-category = { $category } is not an incident category; pick one:
raise-sending = raising an incident from { $id }…
raise-label = raised from { $id }
raise-heading = raise an incident from { $id } ({ $category } is not an incident category)
raise-offline = offline: nothing raised; wait for live
raise-not-allowed = a { $role } may not report items

## Intake form

form-new = New { $kind }
form-sending = sending…
form-queued = QUEUED: sent when live
form-confidential-yes = yes: not named to the department
form-confidential-no = no
form-priority-default = (the category's)
form-answer = answer?
form-field-phone = phone
form-field-caller = caller
form-field-channel = channel
form-field-confidential = confidential
form-field-description = description
form-field-category = category
form-field-place = place
form-field-address = address
form-field-priority = priority
channel-phone = phone
channel-web = web
channel-app = app
channel-walk-in = walk-in
channel-letter = letter
form-calls = { $calls } calls in 30 days · { $open } open
form-last-callback = last callback { $satisfaction }
form-first-call = first call from this number
form-history = history

## Knowledge base (L)

kb-enter-answers = enter answers the call
kb-i-opens = i opens a call
kb-title = Knowledge base — / search · { $answering } · esc back
kb-start = / and a few words search the standard answers
kb-nothing = nothing for { $query }: try other words
kb-entries = { $n } entries for { $query }
kb-example = example
kb-source = source: { $source }

## The city map (W)

map-open = { $n } open
map-heat-title = heat: { $n } reports in { $hours }h
map-zoom = zoom { $n }
map-ascii = ascii
map-here = { $n ->
    [one] 1 item here
   *[other] { $n } items here
}
map-col-district = District
map-col-open = open
map-col-red = red
map-col-reports = reports
map-legend = { $incident } incident { $alert } alert { $ticket } ticket
map-heat-legend = . : + * # few to most reports
map-none = No map: the city's outlines did not load.
map-no-marks = no open items on the map here
map-notice = map: { $why }; { $instead }
map-notice-bad = the server's city map did not load ({ $error })
map-notice-missing = the server sent no city map ({ $error })
map-notice-built-in = drawing the built-in city
map-notice-none = no map
map-heat-failed = heat view: the closed reports did not load: { $error }

## The client's errors, as the console shows them

client-api-error = { $message } ({ $code })
client-unreachable = cannot reach the server: { $error }
client-decode = unexpected answer from the server: { $error }
client-bad-url = invalid server URL { $url }

## A verb's words on the : line

param-attributable = attributable
param-card = card
param-department = department
param-item-id = item id
param-limit = limit
param-note = note
param-pass-fail = pass|fail
param-priority = priority
param-reason = reason
param-satisfaction = satisfaction
param-service = service
param-summary = summary
param-text = text
words-missing = :{ $command } needs <{ $what }>: :{ $command } { $usage }
words-left-over = :{ $command } takes { $usage }; "{ $rest }" is left over
words-left-over-nothing = :{ $command } takes nothing more; "{ $rest }" is left over
words-bad = { $why }; :{ $command } { $usage }
words-shape = :{ $command } { $usage }: { $detail }
words-not-pass-fail = "{ $word }" is not pass or fail
words-not-one-of = "{ $word }" is not one of { $choices }
words-not-item-id = "{ $word }" is not an item id (like TKT-0981)
words-bad-limit = a time limit is a positive whole number with a unit: 30m, 6h, 2d, 4wh or 5wd (ten years at most)

## The : line's own errors

line-empty = type a command; Tab completes
line-unknown = unknown command :{ $command }; Tab lists them
line-needs = :{ $command } needs { $what }
line-need-district = a district
line-need-category = a category code
line-need-item-id = an item id
line-not-status = "{ $word }" is not a status
line-stats-usage = :stats today, :stats week, or days: :stats 2026-11-01 2026-11-29
line-stats-order = { $first } is after { $last }
line-new-no-field = no field "{ $name }"; fields: phone caller channel confidential category place address priority
line-new-quote = a quote is not closed

## The intake form's checks

form-err-no-category = pick a category: a code like H01, or its name
form-err-category = no category "{ $text }": a code like H01 or a name from the taxonomy
form-err-priority = "{ $text }": P1, P2, P3 or P4, or empty for the category's
form-err-no-place = where is it? district/street, or an address
form-err-place-parts = district/street/community: three parts at most
form-err-phone = "{ $text }": not a mobile (11 digits), a landline with area code, or 400/800
form-err-no-description = what is the caller reporting?
form-err-too-long = { $n } characters; { $max } at most
form-err-no-directory = the directory has not arrived yet: categories cannot be checked
form-err-kept = kept when the console last quit: check it and save (f2)
form-twin = adds this call to { $id } ({ $status }) as another caller

## Why a suggestion (wire reasons, reworded for other languages)

reason-keyword = keyword: { $text }
reason-category = category: { $text }
reason-search = search: { $text }
reason-learned = learned: { $text } ({ $n } closed items)
form-history-due = due { $due }
form-history-late = due { $due } late
form-place-earlier = called from here before

## The call-taker's desk: the status line

desk-may-not-log = a { $role } may not log calls
desk-form-stays = the call being logged stays open (esc drops it)
desk-busy = a call is being logged: save it (f2) or drop it (esc) first
desk-left-form = the form stays open beside the queues; i goes back to it
desk-drop-confirm = drop the call being logged? y/n
desk-already-sent = already sent; waiting for the server
desk-fields-to-mend = { $n ->
    [one] 1 field to mend before saving
   *[other] { $n } fields to mend before saving
}
desk-offline-kept = offline: the call is kept and sent when the server is back
desk-logging = logging the call…
desk-no-knowledge-yet = no knowledge entry yet: type the description
desk-no-knowledge-match = no knowledge entry matches this description
desk-no-twin = this caller has no open item of this category
desk-logged = { $id } logged: { $title } ({ $category })
desk-merged-label = added to { $into } as an additional caller
desk-answered-label = answered from { $entry }
desk-not-logged = not logged: { $message }
desk-no-suggestions = no suggestions: { $error }
desk-place = place { $place }
desk-no-place = no place { $n }: type a name or its pinyin initials
desk-no-suggestion = no suggestion { $n } yet: type the description
desk-category = category { $code } { $name } ({ $reasons })
desk-calling-busy = ☎ { $phone } is calling — finish or drop the open form, then i
desk-calling = ☎ { $phone } is calling
desk-calling-waits = ☎ { $phone } is calling — i takes the call
desk-no-history = no history for { $phone }: { $error }
desk-draft-unreadable = the call kept at { $path } could not be read: { $error }

## The status line: answers and rarer messages

created-linked = { $id } { $label } (linked both ways)
created-failed = { $label }: { $message }
conflict-now = , now { $status }
conflict-refreshed = { $id }: { $message }{ $now }; row refreshed, your action was not applied
failover = connection to { $lost } lost — now on { $replica }; resumed after seq { $seq }
act-not-for-role = { $verb }: not available to a { $role }
act-not-now = { $verb }: not allowed while { $id } is { $status }
act-claimed = { $id }: claimed by { $owner } (ask them, or a supervisor)
act-claimed-by = { $id } (claimed by { $owner })
act-offline = offline: the action was not sent (it will not be queued); wait for live
quit-with-draft = quit with text typed? a call half logged is kept for the next start y/n
filters-cleared = filters cleared
cancelled-nothing-sent = cancelled: nothing sent
no-department-selected = no department selected
department-shown = { $name } ({ $code }): its { $n } open items in every queue; esc clears the filter
marked-n = { $n } marked; item actions now apply to all of them (M unmarks)
filter-shown = filter: { $filter }
filter-select-row = select a row to filter by
children-shown = storm children shown as rows
children-folded = storm children folded under their parent (×N)
merged-into = { $id } merged into { $into }: its caller is an additional caller there
no-open-duplicate = { $ids }: no open suggested duplicate
raise-from-incident = { $id } is already an incident; raise from an alert or a ticket
raise-from-closed = { $id } is { $status }; raise from open items
linked-skipped = ; skipped { $ids }
linked-left-open = { $id } closed; linked items left open{ $skipped }
linked-resolve-too = { $id } closed. Also resolve { $n ->
        [one] 1 linked item
       *[other] { $n } linked items
    }? y/n  ({ $plan }{ $skipped })
help-no-match = no line of the help matches "{ $text }"
help-nothing-to-find = nothing to find: / searches the help
help-match = match { $n } of { $of }
kb-searching = searching the knowledge base for { $query }…
kb-failed = knowledge search failed: { $error }
kb-nothing-selected = nothing selected: search with /
kb-no-call = { $id }: open a call first (i), then answer it from here
kb-call-on-its-way = the call is already on its way
raw-needs-item = :raw needs an item: select a row or open a detail
raw-failed = no raw document for { $id }: { $error }

## Usage of the console's own commands in the help (English reads the table)

usage-new = ticket|incident|alert [code] [phone=… caller=… place=district/street address=… priority=P2 channel=web confidential=yes] description
usage-raise = [category] [title]
usage-stats = [today|week|YYYY-MM-DD [YYYY-MM-DD]]
usage-filter = <text>
usage-district = <district>
usage-category = <code>
usage-status = <status>
usage-open = <item id>
usage-merge = [item id] (none: the ≈ duplicate)

## citydesk check and policy check

lint-missing = { $file }:{ $line }: { $key } is missing from { $other }
lint-placeables = { $file }:{ $line }: { $key } has placeables { $has } where { $other } has { $expected }
lint-none = none
lint-unused = { $file }:{ $line }: { $key } is not used by the code
lint-twice = { $file }:{ $line }: { $key } is defined twice
check-checked = checked { $file }
check-valid = all { $n } files are valid
check-problems = { $n } problem(s) found

## citydesk sim and demo

sim-no-positions = citydesk: no map positions: { $error }
sim-start = citydesk sim: { $scenario } scenario, { $rate } reports/s, seed { $seed }, against { $server }
sim-progress = sim: { $secs } s  { $reports } reports ({ $rate }/s)  { $actions } actions  { $refused } refused  { $errors } errors
sim-could-not-start = the simulation could not start
sim-seed = citydesk sim: seed { $seed } (pass --seed { $seed } to send the same again)
sim-more = … { $n } more
sim-sent = sent { $reports } reports in { $secs } s ({ $rate }/s): { $new } new items, { $repeats } repeats of open alerts
sim-by-queue = by queue     { $list }
sim-by-source = by source    { $list }
sim-by-category = by category  { $list }
sim-actions = actions      { $n } ({ $rate }/s)
sim-tally = conflicts retried { $conflicts } · refused { $refused } · skipped (role) { $skipped } · done by the server { $automatic } · errors { $errors }
sim-last-refused = last refused: { $text }
sim-last-error = last error: { $text }
demo-data-kept = citydesk demo: data kept in { $path }
policy-built-in = (built-in) data/policy.toml
policy-ok = { $file }: ok
policy-bare = { " " }(none for { $codes })
policy-suggestions = suggestions: { $keywords } keywords over { $categories } categories{ $bare }; knowledge: { $entries } entries ({ $examples } examples)
policy-none = none
policy-calendar = calendar: { $offset }, working { $hours } ({ $day } a working day), weekend { $weekend }
policy-holidays = holidays { $holidays }, make-up working days { $workdays }
policy-limits = limits by kind × priority (m/h/d around the clock, wh/wd working time):
policy-overrides = category overrides (at the category's usual kind and priority; - = as above):
policy-rung = { $level } at { $overdue }
policy-on = on
policy-off = off
policy-ladder = ladder: chase on sign breach { $chase }; supervision { $rungs } overdue; designate after { $returns } returns
policy-storm = storm: { $threshold } alerts within { $window }; duplicates: within { $duplicates } and { $metres } m
policy-routes = routes (first match wins):
policy-no-routes = none: every item waits for a dispatcher
policy-every-item = every item
policy-auto = (auto)
policy-suggest = (suggest)
status-idle = { $server } · seq { $seq }
kpi-window-today = today
kpi-window-week = week
policy-list-sep = {", "}
policy-mon = mon
policy-tue = tue
policy-wed = wed
policy-thu = thu
policy-fri = fri
policy-sat = sat
policy-sun = sun
sim-source-caller = caller
sim-source-duplicate-caller = duplicate caller
sim-source-grid-worker = grid worker
sim-source-sensor = sensor
sim-source-sensor-repeat = sensor repeat
keymap-ignored = keymap ignored: { $problems }
console-token-refused = { $server } refused the token: { $error }
console-cannot-reach = cannot reach { $server }: { $error }
