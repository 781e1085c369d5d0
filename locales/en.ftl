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
error-unauthorized = no token, or a token the server does not know
error-not-found = not found
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
