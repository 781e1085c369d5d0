# citydesk 的简体中文文字。键与 en.ftl 相同；`citydesk check` 会报告
# 缺少的键、不一致的占位符和代码不再使用的键。

## 状态、角色、层级、督办、应急服务

status-new = 新建
status-accepted = 已受理
status-dispatched = 已派遣
status-in_progress = 处置中
status-resolved = 已处置
status-closed = 已办结
status-rejected = 不予受理
status-parked = 挂账
status-merged = 已合并
role-viewer = 查看员
role-agent = 接线员
role-dispatcher = 派遣员
role-supervisor = 督办员
role-admin = 管理员
role-unit = 承办单位
role-telephony = 话务系统
role-feed = 数据接入
tier-grid = 网格
tier-community = 社区
tier-street = 街道
tier-district = 区
tier-city = 市
card-normal = 督办
card-yellow = 黄牌
card-red = 红牌
service-110 = 公安 110
service-119 = 消防 119
service-120 = 急救 120
service-122 = 交警 122

## 窗格

pane-incidents = 突发事件
pane-escalations = 升级督办
pane-alerts = 网格告警
pane-tickets = 12345 热线
pane-mine = 我的工作
pane-directory = 单位名录
pane-log = 事件日志
pane-map = 城市地图
pane-in-storms = { $n } 条归入告警风暴
pane-red = { $n } 条超时
pane-stale = 数据过期

## 列

col-clock = 时限
col-id = 编号
col-title = 标题
col-why = 升级原因
col-why-short = 原因
col-status = 状态
col-status-short = 状态
col-district = 区县
col-district-short = 区
col-department = 承办单位
col-department-short = 单位
col-claim = 认领

## 升级原因

why-designate-returns = 退单 { $n } 次：需指定承办
why-designate-returns-short = 退单 { $n } 次
why-designate = 需指定承办
why-designate-short = 指定
why-extension = 申请延期
why-extension-short = 延期
why-card-short = 督办
why-yellow-short = 黄牌
why-tier = 升至{ $tier }级
why-tier-short = 已升级
why-late = 超时

## 时限

clock-left = 剩余 { $time }
clock-over = 超时 +{ $time }
clock-paused = 已暂停

## 标题栏

header-enlarge = citydesk：请放大终端窗口
header-centre = 锦州市城市运行指挥中心
header-live = 实时 { $seq }
header-connecting = 连接中
header-reconnecting = { $secs } 秒后重连 · 序号 { $seq }
header-offline = 自 { $time } 起离线
header-replica = 节点 { $replica }
header-filter = 筛选 { $filter }
header-marked = 已标记 { $n } 项

## 底部提示

hint-help = 帮助
hint-detail = 详情
hint-its-items = 该单位事项
hint-filter = 筛选
hint-command = 命令
hint-next-mark = 下一标记
hint-zoom = 放大
hint-fit = 全图
hint-heat = 热力
hint-queues = 队列
hint-search = 搜索
hint-next-match = 下一处
hint-previous = 上一个
hint-scroll = 滚动
hint-back = 返回
hint-run = 执行
hint-keep-filter = 保留筛选
hint-keep-search = 保留搜索
hint-complete = 补全
hint-previous-command = 上一条命令
hint-delete = 删除
hint-cancel = 取消
hint-yes = 是
hint-no = 否
hint-next-field = 下一栏
hint-save = 保存
hint-drop = 放弃
hint-one-line-form = 单行录入
hint-take = 选定
hint-next = 下一个
hint-type = 输入
hint-type-filters = 按名称、代码、拼音筛选
hint-scroll-departments = 滚动单位
hint-switch-window = 切换时段
hint-merge-duplicate = 合并重复
hint-approve-extension = 批准延期
hint-callback = 回访
hint-pending = { $keys } …（框内列出可接的键）
status-connection = 连接：{ $error }

## 复数

n-callers = { $n } 位来电人

## 动词（底部提示与菜单）

verb-accept = 受理
verb-reject = 不予受理
verb-dispatch = 派遣
verb-sign = 签收
verb-return = 退单
verb-resolve = 处置完成
verb-verify = 核查
verb-reopen = 重启
verb-escalate = 升级
verb-supervise = 督办
verb-priority = 优先级
verb-park = 挂账
verb-resume = 恢复
verb-claim = 认领
verb-release = 释放
verb-merge = 合并
verb-link = 关联
verb-note = 备注
verb-answer = 直接答复
verb-transfer = 转办
verb-clear = 消除
verb-extend = 延期申请
verb-approve-extension = 批准延期
verb-deny-extension = 驳回延期
verb-callback = 回访

## 事件名称

event-created = 新建
event-accepted = 受理
event-rejected = 不予受理
event-dispatched = 派遣
event-signed = 签收
event-returned = 退单
event-resolved = 处置完成
event-verified = 核查通过
event-reopened = 重启
event-escalated = 升级
event-supervised = 督办
event-priority_set = 调整优先级
event-parked = 挂账
event-resumed = 恢复
event-claimed = 认领
event-released = 释放认领
event-merged = 合并
event-absorbed = 并入
event-linked = 关联
event-noted = 备注
event-answered = 直接答复
event-transferred = 转办
event-amended = 更新
event-recurred = 重复发生
event-cleared = 消除
event-chased = 催办
event-extension_requested = 延期申请
event-extension_approved = 批准延期
event-extension_denied = 驳回延期
event-duplicates_suggested = 疑似重复
event-grouped = 归入风暴
event-group_added = 风暴追加
event-called_back = 回访
event-redacted = 脱敏
event-sla_warning = 时限预警
event-sla_breached = 超时

## 焦点、标记、占位行

focus-pane = { $pane } 窗格
marks-question-all = { $verb } 已标记的 { $n } 项（均不在视野内：{ $list }）？
marks-question-some = { $verb } 已标记的 { $n } 项（其中 { $away } 项不在视野内：{ $list }）？
marks-lead = 已标记 { $n } 项：
marks-act = 事项键作用于这些
marks-away = { $n } 项不在本窗格：操作前先确认
marks-unmark = M 取消标记
gone-by = ，操作人 { $who }
gone-verified = { $id } 已办结（{ $event }{ $by }）
gone-event = { $id } { $event }{ $by }
gone-closed = { $id } 已不在办
gone-left-after = { $id } 已离开{ $pane }：{ $event }{ $by }，现为{ $status }
gone-left = { $id } 已离开{ $pane }，现为{ $status }
gone-nothing-selected = { $why }：未选中任何事项；按 j/k 继续
gone-moves-on = 按 j/k 继续
no-item-selected = 未选中事项

## 事件摘要（控制台处理记录、tail）

kind-incident = 突发事件
kind-alert = 告警
kind-ticket = 工单
stage-accept = 受理环节
stage-dispatch = 派遣环节
stage-sign = 签收环节
stage-resolve = 处置环节
stage-verify = 核查环节
level-none = 无
level-normal = 普通
level-yellow = 黄牌
level-red = 红牌
satisfaction-satisfied = 满意
satisfaction-basic = 基本满意
satisfaction-unsatisfied = 不满意
ev-returned = 第 { $n } 次退单，退单单位 { $from }：{ $reason }
ev-pass = 通过
ev-fail = 不通过
ev-designate = 指定承办
ev-supervised = 督办
ev-claimed = { $owner } 认领至 { $until }
ev-merged = 并入 { $into }
ev-absorbed = 来自 { $from }（{ $callers }）
ev-answered-entry = { $answer }（知识库 { $entry }）
ev-cleared = 告警条件已消失
ev-chased = 催办
ev-extension-approved = 延期 +{ $extra } 已批准，时限 { $due }
ev-duplicates = 疑似与 { $ids } 重复
ev-grouped = 归入风暴 { $parent }
ev-called-back-attributable = { $satisfaction }，可归责
ev-redacted = 已删除
ev-field-title = 标题
ev-field-category = 类别
ev-field-place = 地点
ev-source-updated = 来源消息已更新
ev-by-rule = 规则 { $rule }
ev-no-deadline = 无时限
ev-due = 时限 { $at }

## tail（标准错误输出）

tail-retrying = { $why }；{ $secs } 秒后重试
tail-lost = 连接中断（{ $why }）；将从序号 { $seq } 之后继续
tail-closed = 服务器关闭了事件流
tail-reset-reason = 服务器重置了事件流（{ $reason }）
tail-moved = 与 { $left } 的连接中断，现连接 { $on }；从序号 { $seq } 之后继续
tail-reconnected = 已重新连接 { $url }；从序号 { $seq } 之后继续
tail-reset = 服务器在序号 { $seq } 之后重置了事件流（{ $reason }）；从序号 { $next } 继续

## 详情

loading = 加载中…
detail-history = 处理记录
detail-claim = { $owner } 认领至 { $until }
detail-viewing = 同时在看：{ $names }
detail-raw = 原始文档（{ $source }，{ $kind }）· :raw 隐藏
field-kind = 类型
field-status = 状态
field-priority = 优先级
field-category = 类别
field-tier = 层级
field-supervision = 督办
field-place = 地点
field-department = 承办单位
field-claim = 认领
field-clock = 时限
field-returns = 退单
field-rework = 返工
field-reopens = 重启
field-occurrences = 重复发生
field-callers = 来电人
origin-from = 来源
origin-foreign-id = 外部编号
origin-sender = 发送方
origin-link = 链接
detail-clock = { $stage }，{ $left }（{ $state }）{ $paused }
clock-green = 绿灯
clock-yellow = 黄灯
clock-red = 红灯

## 详情：关联与可用操作

actions-you-may = 可执行
actions-nothing = 暂无可执行操作
actions-claimed = （已被 { $owner } 认领：请联系对方或督办员）
rel-not-open = 已不在办
rel-routed = 派遣依据
rel-returned-by = 退单单位
rel-designate = 退单次数过多，需督办员指定承办单位
rel-approves = { $key } 批准
rel-denies = { $key } 驳回
rel-extension-asked = { $who } 申请延期 +{ $extra }：{ $reason }
rel-extension = 延期
rel-callback = 回访
rel-since-returned = 已被退单
rel-routed-rule = → { $department }（规则 { $rule }）
rel-routed-by = → { $department }，由 { $actor } 派遣
rel-duplicate-closed = 建议的重复事项 { $id } 已不在办
rel-duplicate = 疑似与 { $item } 重复
rel-merges = 将 { $id } 并入 { $into }（来电人追加到该事项）
rel-storm = 告警风暴
rel-grouped-under = 归入 { $item }
rel-grouped-here = 本事项下归入 { $n } 条告警（{ $open } 条未办结）；消除本告警时可一并消除
rel-raised-from = 由 { $item } 生成
rel-emergency = { $service }（应急服务）
rel-link = 关联
rel-merged-here = 已并入本事项
rel-merged-into = 已并入

## 服务器错误信息（code 不变，只翻译 message）

error-with-detail = { $text }：{ $detail }
error-conflict = 事项已被修改（你看到的是第 { $expected } 版，现为第 { $current } 版{ $by }）
error-conflict-by = ，最近由 { $who } { $event }
error-claimed = 该事项已被 { $owner } 认领至 { $until }
error-forbidden-action = { $role }无权执行“{ $verb }”
error-forbidden-endpoint = { $role }无权使用此接口
error-forbidden-create = { $role }无权新建事项
error-forbidden-designate = 需督办员先指定承办单位
error-forbidden-department = 该事项不属于你的单位
error-transition-status = 事项当前为“{ $status }”，不能{ $verb }；可执行：{ $allowed }
error-transition-kind = { $kind }不能{ $verb }
rule-unknown-department = 没有部门 { $department }，请查看部门目录
rule-already-dispatched = 已派遣至 { $department }
rule-no-clock = 该事项没有计时，无需延期
rule-extension-pending = 已有待批的延期申请，请先批准或驳回
rule-no-extension-pending = 没有待批的延期申请
rule-deadline-too-far = 此次延期会把时限定到 { $date }，超过 { $days } 天之后；请驳回并申请更短的延期
rule-top-tier = 已在市级，无法再上报
rule-supervision-unchanged = 督办已是“{ $level }”
rule-supervision-none = 该事项未在督办中
rule-priority-unchanged = 优先级已是 { $priority }
rule-not-claimed = 该事项未被认领
rule-unknown-item = 没有事项 { $id }
rule-itself = 事项不能与自身合并或关联
rule-merge-kinds = { $from }不能合并到{ $into }
rule-merge-target-closed = { $target } 当前为“{ $status }”，不能接受合并
rule-already-linked = 已关联
rule-fingerprint-not-alert = 只有告警带指纹
rule-raise-kinds = 只能从告警或工单升级为突发事件
rule-raise-from-closed = { $from } 当前为“{ $status }”；请从未办结的事项升级突发事件
error-unauthorized = 缺少令牌，或服务器不认识该令牌
error-not-found = 未找到
error-not-found-city-map = 该服务器的城市没有可用的区划轮廓（见其启动日志）
error-not-found-endpoint = 没有这个接口；接口说明见 README
error-not-found-item = 没有事项 { $id }
error-method-not-allowed = 不支持该请求方法
error-payload-too-large = 请求体过大
error-invalid = 请求内容不可接受
error-idempotency-key-reused = 该 Idempotency-Key 已用于另一请求
error-too-many-requests = 请求过多，请稍后再试
error-busy = 服务器繁忙，请稍后再试
error-unavailable = 服务暂不可用
error-storage-unavailable = 存储暂时拒绝写入，请稍后再试
error-internal = 服务器内部错误
error-malformed-json = 请求体不是有效的 JSON
error-invalid-body = 请求体字段不正确
error-malformed = 请求格式不正确
error-bad-query = 查询参数不正确
error-bad-idempotency-key = Idempotency-Key 不正确
error-bad-last-event-id = Last-Event-ID 不正确

## 帮助（?）

help-commands-title = 命令（输入 : 再输入动词；Tab 补全）
help-see-title = 界面说明
help-see-rows = 每行一个事项，各列从左到右如下（窄窗格从右侧起省略）：
help-col-s = 状态标记，一个字母，颜色随状态（见下）
help-col-p = 优先级，P1 最紧急，P4 最低
help-col-clock = 本环节剩余时间；绿色正常，黄色临近到期，红色超时（+ 为超出时间）；挂账时显示已暂停
help-col-id = INC- 突发事件，ALR- 网格告警，TKT- 12345 热线工单
help-col-why = 督办员窗格中：事项需要督办的原因（见下），最紧迫的在前；窄时显示 +N
help-col-title = 发生了什么，前面是下述标志
help-col-status = 状态文字，仅在宽窗格有余地时显示
help-col-district = 事发地点所在区县
help-col-department = 派遣到的承办单位（或社区）名称
help-col-claim = @认领人，认领到期前显示
help-status-marks = 状态标记：{ $marks }。
help-placeholder = 选中的事项离开窗格（办结或被他人处理）时，原处显示占位行 ✕：在按 j/k 移动之前不选中任何事项，任何键都不会作用于你没看过的行；回车查看它的去向。
help-glyph-mark = 已标记，用于批量操作（空格标记，M 取消）
help-glyph-storm = 告警风暴：其下归入 N 条网格告警（f g 展开）
help-glyph-dup = 建议的重复事项仍在办（D 合并过去）
help-glyph-designate = 需督办员指定承办单位
help-glyph-viewing = 另有 N 人正在查看该事项
help-glyph-live = 实时：事件随发生随到达（数字为最新序号）
help-glyph-down = 未连接：恢复连接前窗格标记为数据过期
help-header = 标题栏
help-header-text = 你是谁、连接状态及所连服务器、按名称显示的筛选（status:new /文字）、已标记行数、时间
help-footer = 底部提示
help-footer-text = 对所选事项可用的键；灰色表示当前不允许
help-bottom = 最下一行
help-bottom-text = 刚发生的事：提示 5 秒后消失，警告和错误保留到下一次按键
help-pane-titles = 窗格标题显示行数和超时数；刚变化的行会闪烁。
help-tab-panes = 只能用 tab 切换到的窗格（z 将当前窗格全屏）：
help-pane-mine = 你认领的事项
help-pane-directory = 承办单位，最忙的在前；回车查看该单位的事项
help-pane-log = 每一条变化随到随显；回车打开对应事项
help-pane-map = W：各区县及其在办/超时数，事项所在位置（◆ 突发事件 ▲ 告警 ● 工单，多项时显示数字），颜色随时限；] 跳到最紧急标记，回车打开事项，H 显示近 6 小时热力
help-esc-title = 事项为何进入升级督办
help-esc-intro = 来自各队列、需要督办员处理的事项：满足下列任一条件即在此列出。
help-esc-returns = 退单 3 次
help-esc-returns-text = 已退单三次：由督办员指定承办单位
help-esc-designate = 指定
help-esc-designate-text = 需督办员指定承办单位
help-esc-extension = 延期
help-esc-extension-text = 延期申请待答复（A 批准，x 驳回）
help-esc-card = 红牌/黄牌
help-esc-card-text = 督办牌（S）；督办：普通督办
help-esc-overdue = 超时
help-esc-overdue-text = 本环节时限已变红：已超期
help-esc-tier = 升至…级、已升级
help-esc-tier-text = 已升到网格以上层级（e 升一级，需填写原因）
help-esc-detail = 详情（回车）显示层级、督办牌和时限；处理记录说明是谁、为何升级。
help-stats-title = 统计各列的含义
help-stats-intro = K 打开统计。在办与超期统计当前在办事项；各比率和时长统计时段内（今天或本周）上报的事项，不含挂账。- 表示暂无可统计。
help-stats-formulas = 计算公式见 docs/kpi.md。
help-keys-global = 全局按键
help-keys-list = 列表中
help-keys-map = 城市地图上（列表的键同样可用：回车、/、f d、空格）
help-keys-detail = 详情和统计中
help-keys-help = 本帮助中
help-keys-input = / 和 : 输入行中
help-keys-confirm = 确认时
help-keys-form = 受理表单中（空格切换渠道与保密）
help-keys-picker = 选择列表中（d、S、p、l、t；输入按名称、代码或拼音筛选）

## 帮助中的命令说明

cmd-accept = 受理新事项
cmd-reject = 不予受理新事项（需填写原因）
cmd-dispatch = 派遣到承办单位，或再次派遣以改派
cmd-sign = 代承办单位签收
cmd-return = 派错单位退单（需填写原因）
cmd-resolve = 上报处置完成（需填写处置情况）
cmd-verify = 核查：通过则办结，不通过退回重办
cmd-reopen = 重启已办结事项（需填写原因）
cmd-escalate = 上升一级（网格 → 社区 → … → 市），需填写原因
cmd-supervise = 设置督办牌
cmd-priority = 设置优先级 P1–P4
cmd-park = 挂账并暂停计时（需填写原因）
cmd-resume = 恢复挂账事项
cmd-claim = 认领事项（或续期认领）
cmd-release = 释放认领
cmd-merge = 合并到同类的另一事项
cmd-link = 关联到另一事项，或将突发事件关联到 110/119/120/122
cmd-note = 添加备注
cmd-answer = 通话中直接答复工单并办结
cmd-transfer = 将工单转办 110/119/120/122
cmd-clear = 消除已恢复的告警
cmd-extend = 申请延长当前环节时限
cmd-approve-extension = 批准待审延期：时限顺延
cmd-deny-extension = 驳回待审延期（需填写原因）
cmd-callback = 记录来电人对已处置工单的满意度（回访）
cmd-new = 登记来电：打开表单；命令行字段齐全时直接保存
cmd-raise = 由此告警或工单生成突发事件
cmd-stats = 显示或隐藏考核指标
cmd-children = 展开或收起归入风暴的告警
cmd-map = 显示城市地图，或返回队列
cmd-raw = 显示或隐藏标准接口发来的原始文档
cmd-filter = 只显示任一可见字段含此文字的行
cmd-district = 只看此区县
cmd-category = 只看此类别
cmd-status = 只看此状态
cmd-nofilter = 清除全部筛选
cmd-open = 打开事项详情（含已办结）
cmd-zoom = 窗格全屏，或还原
cmd-help = 本帮助
cmd-quit = 退出控制台
help-box = 帮助 { $from }–{ $to } / 共 { $len } 行 · { $search } · esc 返回
help-box-search = / 搜索
help-box-hits = /{ $query }：{ $n } 行匹配，n 下一处，N 上一处

## 统计（K）

kpi-title = 统计
kpi-failed = 无法加载统计：{ $error }
kpi-at = 更新于 { $time }
kpi-refresh-failing = 刷新失败
kpi-esc-closes = esc 关闭
kpi-intro = 在办与超期（按环节 a/d/s/r/v）：当前 · 比率与用时：时段内上报的事项
kpi-queue = 队列
kpi-department = 承办单位
kpi-queue-all = 全部队列
kpi-queue-incident = 突发事件
kpi-queue-alert = 网格告警
kpi-queue-ticket = 12345 热线
kpi-explains = ? 逐项说明
kpi-reported = 上报
kpi-open = 在办
kpi-parked = 挂账
kpi-closed = 办结
kpi-late = 超期 a/d/s/r/v
kpi-completion = 办结率
kpi-on-time-sign = 按时签收率
kpi-on-time-close = 按时办结率
kpi-satisfaction = 满意率
kpi-direct-answer = 直接答复率
kpi-returns = 回退率
kpi-rework = 返工率
kpi-short-done = 办结
kpi-short-sign = 签收
kpi-short-close = 按时
kpi-short-sat = 满意
kpi-short-ret = 回退
kpi-short-rew = 返工
kpi-times = 中位/p90
kpi-times-wide = 中位/p90（事项数）
kpi-stage-accept = 受理
kpi-stage-dispatch = 派遣
kpi-stage-sign = 签收
kpi-stage-resolve = 处置
kpi-stage-verify = 核查

## 操作后的状态行、确认

confirm-reject = 对 {"{"}ids{"}"} 不予受理？
confirm-verify = 核查通过并办结 {"{"}ids{"}"}？
confirm-escalate = 将 {"{"}n{"}"} 项各升一级（{"{"}ids{"}"}）？
confirm-merge = 将 {"{"}ids{"}"} 并入 {"{"}into{"}"}（来电人追加到该事项）？
confirm-override = 强制接管 { $ids } 的认领？
confirm-yn = y/n
call-dropped = 来电已放弃，未发送
sending-actions = 正在发送 { $n } 项操作…
live-again = 已恢复实时；从序号 { $seq } 之后继续
detail-failed = 无法加载详情：{ $error }
directory-failed = 无法加载单位名录：{ $error }
empty-note = 备注为空，未发送
action-done = { $label } { $id }：完成
bulk-done = { $label }：完成 { $n } 项
bulk-waiting = ，等待 { $n } 项
bulk-failed = ；{ $id } 失败：{ $why }

## 选择列表

picker-suggested = 建议：{ $why }
picker-filter = 筛选：{ $text }
picker-count = { $n } / { $len }
picker-item-id = 事项编号…
picker-type-it = 在 : 命令行中输入
picker-marked = 已标记的 { $n } 项
picker-open = 在办 { $n }
picker-has-it = 当前承办
picker-returned-it = 曾退单
picker-category-department = { $code } { $name } → { $department }，该类别的承办单位
picker-now = 当前
picker-cancelled = 已取消：未发送
picker-no-match = 没有匹配 { $text } 的选项；退格或 esc
not-loaded = { $id }：未加载
card-pick-normal = 一般督办
card-pick-normal-meaning = 第一级：督办员跟进
card-pick-yellow = 黄牌督办
card-pick-yellow-meaning = 向承办单位发出警示
card-pick-red = 红牌督办
card-pick-red-meaning = 最高一级：上报
card-pick-none = 撤销督办
card-pick-none-meaning = 撤销督办牌
priority-pick-p1 = 危及生命或公共安全
priority-pick-p2 = 紧急：水电气热、井盖缺失
priority-pick-p3 = 一般
priority-pick-p4 = 咨询

## 生成突发事件

raise-select = 请先选择要生成突发事件的告警或工单
raise-pick-category = { $category } 不是突发事件类别；请选择：
raise-sending = 正在由 { $id } 生成突发事件…
raise-label = 由 { $id } 生成
raise-heading = 由 { $id } 生成突发事件（{ $category } 不是突发事件类别）
raise-offline = 离线：未生成；请等待恢复实时
raise-not-allowed = { $role }无权上报事项

## 受理表单

form-new = 新{ $kind }
form-sending = 发送中…
form-queued = 已排队：恢复连接后发送
form-confidential-yes = 是：不向承办单位透露姓名
form-confidential-no = 否
form-priority-default = （按类别）
form-answer = 答复？
form-field-phone = 电话
form-field-caller = 来电人
form-field-channel = 渠道
form-field-confidential = 保密
form-field-description = 描述
form-field-category = 类别
form-field-place = 地点
form-field-address = 地址
form-field-priority = 优先级
channel-phone = 电话
channel-web = 网站
channel-app = 应用
channel-walk-in = 来访
channel-letter = 信件
form-calls = 30 天内来电 { $calls } 次 · 在办 { $open } 项
form-last-callback = 上次回访 { $satisfaction }
form-first-call = 该号码首次来电
form-history = 来电记录

## 知识库（L）

kb-enter-answers = 回车答复当前来电
kb-i-opens = i 登记来电
kb-title = 知识库 — / 搜索 · { $answering } · esc 返回
kb-start = 按 / 输入几个词（供暖、停水、噪音 …）搜索标准答复
kb-nothing = 没有与 { $query } 相关的条目：换个说法试试
kb-entries = 与 { $query } 相关的条目 { $n } 条
kb-example = 示例
kb-source = 来源：{ $source }

## 城市地图（W）

map-open = 在办 { $n }
map-heat-title = 热度：{ $hours } 小时内 { $n } 次上报
map-zoom = 放大 { $n }
map-ascii = 字符画
map-here = 此处 { $n } 项
map-col-district = 区县
map-col-open = 在办
map-col-red = 超时
map-col-reports = 上报
map-legend = { $incident } 突发事件 { $alert } 告警 { $ticket } 工单
map-heat-legend = . : + * # 上报由少到多
map-none = 无地图：城市区划轮廓未能载入。
map-no-marks = 地图此处没有在办事项
map-notice = 地图：{ $why }；{ $instead }
map-notice-bad = 服务器的城市地图未能载入（{ $error }）
map-notice-missing = 服务器未提供城市地图（{ $error }）
map-notice-built-in = 改用内置城市地图
map-notice-none = 不显示地图
map-heat-failed = 热度视图：已办结的上报未能载入：{ $error }

## 客户端错误（控制台显示）

client-api-error = { $message }（{ $code }）
client-unreachable = 无法连接服务器：{ $error }
client-decode = 服务器的应答无法识别：{ $error }
client-bad-url = 服务器地址无效：{ $url }

## 命令行中动词的参数

param-attributable = 可归责
param-card = 督办牌
param-department = 承办单位
param-item-id = 事项编号
param-limit = 时限
param-note = 备注
param-pass-fail = pass|fail
param-priority = 优先级
param-reason = 原因
param-satisfaction = 满意度
param-service = 急救服务
param-summary = 摘要
param-text = 文字
words-missing = :{ $command } 还需要 <{ $what }>：:{ $command } { $usage }
words-left-over = :{ $command } 只接受 { $usage }；多出“{ $rest }”
words-left-over-nothing = :{ $command } 不接受更多内容；多出“{ $rest }”
words-bad = { $why }；:{ $command } { $usage }
words-shape = :{ $command } { $usage }：{ $detail }
words-not-pass-fail = "{ $word }" 不是 pass 或 fail
words-not-one-of = "{ $word }" 不是 { $choices } 之一
words-not-item-id = "{ $word }" 不是事项编号（如 TKT-0981）
words-bad-limit = 时限为正整数加单位：30m、6h、2d、4wh 或 5wd（最长十年）

## 命令行自身的错误

line-empty = 请输入命令；Tab 键补全
line-unknown = 没有命令 :{ $command }；Tab 键列出全部命令
line-needs = :{ $command } 还需要{ $what }
line-need-district = 区县名
line-need-category = 类别代码
line-need-item-id = 事项编号
line-not-status = "{ $word }" 不是状态
line-stats-usage = :stats today（今天）、:stats week（本周），或日期：:stats 2026-11-01 2026-11-29
line-stats-order = { $first } 晚于 { $last }
line-new-no-field = 没有字段 "{ $name }"；可用字段：phone caller channel confidential category place address priority
line-new-quote = 引号没有闭合

## 来电登记表的检查

form-err-no-category = 请选择类别：类别代码（如 H01）或类别名称
form-err-category = 没有类别“{ $text }”：请填类别代码（如 H01）或分类表中的名称
form-err-priority = “{ $text }”：应为 P1、P2、P3 或 P4，留空则按类别默认
form-err-no-place = 事发地点？填“区县/街道”，或填地址
form-err-place-parts = 区县/街道/社区：最多三级
form-err-phone = “{ $text }”不是有效号码：手机 11 位，固话需带区号，或 400/800 号码
form-err-no-description = 来电人反映什么问题？
form-err-too-long = 共 { $n } 字，最多 { $max } 字
form-err-no-directory = 尚未收到单位与类别目录，暂时无法核对类别
form-err-kept = 上次退出控制台时保留的来电：请核对后保存（f2）
form-twin = 把本次来电并入 { $id }（{ $status }），作为又一位来电人

## 建议的依据

reason-keyword = 关键词：{ $text }
reason-category = 类别：{ $text }
reason-search = 检索：{ $text }
reason-learned = 已办结 { $n } 项中出现：{ $text }
form-history-due = { $due } 到期
form-history-late = { $due } 到期，已超时
form-place-earlier = 曾从此处来电

## 话务员工作台：状态行

desk-may-not-log = { $role }不能登记来电
desk-form-stays = 正在登记的来电仍保留（esc 放弃）
desk-busy = 正在登记一个来电：请先保存（f2）或放弃（esc）
desk-left-form = 登记表仍在队列旁打开；按 i 返回
desk-drop-confirm = 放弃正在登记的来电？y/n
desk-already-sent = 已发送，等待服务器应答
desk-fields-to-mend = 保存前需修改 { $n } 个字段
desk-offline-kept = 离线：来电已保留，服务器恢复后发送
desk-logging = 正在登记来电…
desk-no-knowledge-yet = 暂无知识库条目：请先输入描述
desk-no-knowledge-match = 知识库中没有与此描述相符的条目
desk-no-twin = 该来电人没有此类别的在办事项
desk-logged = { $id } 已登记：{ $title }（{ $category }）
desk-merged-label = 已并入 { $into }，作为又一位来电人
desk-answered-label = 已按 { $entry } 答复
desk-not-logged = 未登记：{ $message }
desk-no-suggestions = 暂无建议：{ $error }
desk-place = 地点 { $place }
desk-no-place = 没有第 { $n } 个地点：请输入名称或拼音首字母
desk-no-suggestion = 暂无第 { $n } 条建议：请先输入描述
desk-category = 类别 { $code } { $name }（{ $reasons }）
desk-calling-busy = ☎ { $phone } 来电 — 请先完成或放弃当前登记表，再按 i
desk-calling = ☎ { $phone } 来电
desk-calling-waits = ☎ { $phone } 来电 — 按 i 接听
desk-no-history = 无法取得 { $phone } 的来电记录：{ $error }
desk-draft-unreadable = 保留在 { $path } 的来电无法读取：{ $error }

## 状态行：应答及其他提示

created-linked = { $id } { $label }（已双向关联）
created-failed = { $label }：{ $message }
conflict-now = ，现为“{ $status }”
conflict-refreshed = { $id }：{ $message }{ $now }；该行已刷新，你的操作未执行
failover = 与 { $lost } 的连接已断开 — 现连接 { $replica }；从序号 { $seq } 之后继续
act-not-for-role = { $verb }：{ $role }无权执行
act-not-now = { $verb }：{ $id } 当前为“{ $status }”，不能执行
act-claimed = { $id }：已被 { $owner } 认领（请联系认领人或督办员）
act-claimed-by = { $id }（已被 { $owner } 认领）
act-offline = 离线：操作未发送（不会排队）；请等待恢复连接
quit-with-draft = 还有未保存的输入，确定退出？登记到一半的来电会保留到下次启动 y/n
filters-cleared = 已清除筛选
cancelled-nothing-sent = 已取消：未发送任何操作
no-department-selected = 未选中承办单位
department-shown = { $name }（{ $code }）：各队列中共 { $n } 项在办；esc 清除筛选
marked-n = 已标记 { $n } 项；事项操作将作用于全部已标记事项（M 取消标记）
filter-shown = 筛选：{ $filter }
filter-select-row = 请先选中一行作为筛选依据
children-shown = 告警风暴的子告警逐行显示
children-folded = 告警风暴的子告警已折叠到父告警下（×N）
merged-into = { $id } 已并入 { $into }：其来电人成为该事项的又一位来电人
no-open-duplicate = { $ids }：没有仍在办的建议重复事项
raise-from-incident = { $id } 已是突发事件；请从告警或工单生成
raise-from-closed = { $id } 当前为“{ $status }”；只能从在办事项生成
linked-skipped = ；跳过 { $ids }
linked-left-open = { $id } 已办结；关联事项仍在办{ $skipped }
linked-resolve-too = { $id } 已办结。同时处置 { $n } 项关联事项？y/n（{ $plan }{ $skipped }）
help-no-match = 帮助中没有与“{ $text }”匹配的行
help-nothing-to-find = 没有要查找的内容：按 / 搜索帮助
help-match = 第 { $n } 处，共 { $of } 处
kb-searching = 正在知识库中搜索 { $query }…
kb-failed = 知识库搜索失败：{ $error }
kb-nothing-selected = 未选中条目：按 / 搜索
kb-no-call = { $id }：请先登记来电（i），再从这里答复
kb-call-on-its-way = 该来电已在发送中
raw-needs-item = :raw 需要一个事项：请选中一行或打开详情
raw-failed = 无法取得 { $id } 的原始文档：{ $error }

## 帮助中控制台自身命令的用法

usage-new = ticket|incident|alert [类别代码] [phone=… caller=… place=区县/街道 address=… priority=P2 channel=web confidential=yes] 描述
usage-raise = [类别] [标题]
usage-stats = [today|week|年-月-日 [年-月-日]]
usage-filter = <文字>
usage-district = <区县>
usage-category = <类别代码>
usage-status = <状态>
usage-open = <事项编号>
usage-merge = [事项编号]（不填：建议的 ≈ 重复事项）

## citydesk check 与 policy check

lint-missing = { $file }:{ $line }: 键 { $key } 在 { $other } 中缺失
lint-placeables = { $file }:{ $line }: 键 { $key } 的占位符为 { $has }，而 { $other } 为 { $expected }
lint-none = 无
lint-unused = { $file }:{ $line }: 键 { $key } 未被代码使用
lint-twice = { $file }:{ $line }: 键 { $key } 重复定义
check-checked = 已检查 { $file }
check-valid = 全部 { $n } 个文件有效
check-problems = 发现 { $n } 个问题

## citydesk sim 与 demo

sim-no-positions = citydesk：没有地图坐标：{ $error }
sim-start = citydesk sim：场景 { $scenario }，每秒 { $rate } 条上报，种子 { $seed }，服务器 { $server }
sim-progress = 模拟：{ $secs } 秒  上报 { $reports } 条（{ $rate }/秒）  操作 { $actions } 次  被拒 { $refused } 次  出错 { $errors } 次
sim-could-not-start = 模拟未能启动
sim-seed = citydesk sim：种子 { $seed }（用 --seed { $seed } 可再发送同样的内容）
sim-more = … 另有 { $n } 项
sim-sent = { $secs } 秒内发送上报 { $reports } 条（{ $rate }/秒）：新事项 { $new } 项，在办告警重复上报 { $repeats } 条
sim-by-queue = 按队列       { $list }
sim-by-source = 按来源       { $list }
sim-by-category = 按类别       { $list }
sim-actions = 操作         { $n } 次（{ $rate }/秒）
sim-tally = 冲突重试 { $conflicts } · 被拒 { $refused } · 因角色跳过 { $skipped } · 服务器自动完成 { $automatic } · 出错 { $errors }
sim-last-refused = 最近一次被拒：{ $text }
sim-last-error = 最近一次出错：{ $text }
demo-data-kept = citydesk demo：数据保留在 { $path }
policy-built-in = （内置）data/policy.toml
policy-ok = { $file }：有效
policy-bare = （{ $codes } 无关键词）
policy-suggestions = 建议：{ $categories } 个类别共 { $keywords } 个关键词{ $bare }；知识库：{ $entries } 条（其中示例 { $examples } 条）
policy-none = 无
policy-calendar = 工作日历：{ $offset }，工作时间 { $hours }（每个工作日 { $day }），周末 { $weekend }
policy-holidays = 节假日 { $holidays }，调休上班日 { $workdays }
policy-limits = 按类型 × 优先级的时限（m/h/d 为自然时间，wh/wd 为工作时间）：
policy-overrides = 类别单独时限（按该类别通常的类型与优先级；- 表示同上）：
policy-rung = 超时 { $overdue } 亮{ $level }
policy-on = 开
policy-off = 关
policy-ladder = 升级规则：签收超时催办 { $chase }；督办 { $rungs }；退单 { $returns } 次后由督办员指定
policy-storm = 告警风暴：{ $window } 内 { $threshold } 条告警；重复事项：{ $duplicates } 内且相距 { $metres } 米以内
policy-routes = 派遣规则（按顺序，先匹配者生效）：
policy-no-routes = 无：所有事项等待派遣员派遣
policy-every-item = 所有事项
policy-auto = （自动）
policy-suggest = （建议）
status-idle = { $server } · 序号 { $seq }
kpi-window-today = 今天
kpi-window-week = 本周
policy-list-sep = 、
policy-mon = 周一
policy-tue = 周二
policy-wed = 周三
policy-thu = 周四
policy-fri = 周五
policy-sat = 周六
policy-sun = 周日
sim-source-caller = 来电人
sim-source-duplicate-caller = 重复来电
sim-source-grid-worker = 网格员
sim-source-sensor = 传感器
sim-source-sensor-repeat = 传感器重复上报
keymap-ignored = 已忽略你的按键配置：{ $problems }
console-token-refused = { $server } 拒绝了令牌：{ $error }
console-cannot-reach = 无法连接 { $server }：{ $error }
