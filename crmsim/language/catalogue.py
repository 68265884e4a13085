"""Every message crmsim shows a person, in English and simplified Chinese, side by side.

``MESSAGES[key]`` is ``{"en": ..., "zh": ...}``; :func:`crmsim.language.translate.tr` picks the
current language and fills the ``{placeholders}`` (both languages use the same ones; a test
checks). Keys are grouped by where the message appears. Chinese terms follow the glossary of the
domain texts (:mod:`crmsim.language.glossary`); level and state names come from
:data:`crmsim.scenario.levels.DEFAULT_LEVELS` and
:data:`crmsim.scenario.states.STATE_LABELS_ZH`, not from here.

To add a language, add its code to :data:`crmsim.language.translate.LANGUAGES` and a
translation to every entry (the catalogue test lists what is missing).

Examples
--------
>>> MESSAGES["verdict.luxurious"]
{'en': 'luxurious', 'zh': '奢侈的'}
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # -- shared words ------------------------------------------------------------------
    "sep.list": {"en": ", ", "zh": "，"},
    "axis.month": {"en": "month", "zh": "月份"},
    "axis.customers": {"en": "customers", "zh": "客户数"},
    "axis.segment": {"en": "segment", "zh": "客户群"},
    "axis.value_per_customer": {"en": "value per customer (currency)",
                                "zh": "每位客户的价值（货币单位）"},
    # an amount or a label of money, with the generic currency unit (translate.money_label)
    "money.label": {"en": "{quantity} (currency)", "zh": "{quantity}（货币单位）"},
    "legend.level": {"en": "level", "zh": "关系层次"},
    "verdict.pays": {"en": "pays", "zh": "值得"},
    "verdict.luxurious": {"en": "luxurious", "zh": "奢侈的"},
    "verdict.too close to call": {"en": "too close to call", "zh": "难以判断"},
    # -- output quantities (crmsim.language.translate.quantity_label) ------------------------------
    "quantity.value_per_customer": {"en": "value per customer", "zh": "每位客户的价值"},
    "quantity.extra_profit": {"en": "extra profit", "zh": "额外利润"},
    "quantity.luxury_ratio": {"en": "luxury ratio", "zh": "奢侈比"},
    "quantity.discounted_profit": {"en": "discounted profit", "zh": "贴现利润"},
    "quantity.output": {"en": "output", "zh": "输出"},
    "quantity.firm_value": {"en": "firm's value", "zh": "企业的价值"},
    "quantity.firm_extra": {"en": "firm's extra value", "zh": "企业的额外价值"},
    "quantity.customer_gain": {"en": "customer's gain", "zh": "客户的收益"},
    "quantity.customer_gain_share": {"en": "customer's gain share", "zh": "客户收益占采购额比例"},
    "quantity.win_win": {"en": "win-win", "zh": "双赢"},
    "quantity.price_concessions": {"en": "price concessions", "zh": "价格让步"},
    "quantity.supply_chain_share": {"en": "share of supply-chain savings",
                                    "zh": "分得的供应链节约"},
    "quantity.transaction_savings": {"en": "transaction-cost savings", "zh": "交易成本节约"},
    "quantity.co_created_share": {"en": "share of co-created value", "zh": "分得的共同创造价值"},
    "quantity.joint_growth_margin": {"en": "margin on joint growth", "zh": "共同增长的毛利"},
    "quantity.extra_service": {"en": "extra service", "zh": "额外服务"},
    "quantity.buying_months": {"en": "buying months", "zh": "购买月数"},
    # -- parameters (crmsim.language.translate.parameter_label; English = the field's words) -------
    "param.level_prefixed": {"en": "{level} {parameter}", "zh": "{level}的{parameter}"},
    "param.n_customers": {"en": "n customers", "zh": "客户数量"},
    "param.initial_mix": {"en": "initial mix", "zh": "初始状态构成"},
    "param.annual_wallet": {"en": "annual wallet", "zh": "年采购额"},
    "param.wallet_cv": {"en": "wallet cv", "zh": "采购额离散系数"},
    "param.gross_margin": {"en": "gross margin", "zh": "毛利率"},
    "param.price_sensitivity": {"en": "price sensitivity", "zh": "价格敏感度"},
    "param.relationship_orientation": {"en": "relationship orientation", "zh": "关系导向"},
    "param.mutual_importance": {"en": "mutual importance", "zh": "彼此具有重要意义"},
    "param.customer_power": {"en": "customer power", "zh": "客户的谈判能力"},
    "param.switching_cost": {"en": "switching cost", "zh": "转移成本"},
    "param.mutual_need": {"en": "mutual need", "zh": "彼此需要"},
    "param.gain_loyalty": {"en": "gain loyalty", "zh": "客户收益带来的忠诚"},
    "param.complaints_per_year": {"en": "complaints per year", "zh": "每年投诉次数"},
    "param.referrals_per_year": {"en": "referrals per year", "zh": "每年推荐数"},
    "param.lead_heat": {"en": "lead heat", "zh": "线索热度"},
    "param.value_tier": {"en": "value tier", "zh": "价值等级"},
    "param.relation_type": {"en": "relation type", "zh": "与企业的关系类型"},
    "param.horizon_months": {"en": "horizon months", "zh": "规划期（月）"},
    "param.annual_discount_rate": {"en": "annual discount rate", "zh": "年贴现率"},
    "param.n_account_managers": {"en": "n account managers", "zh": "客户经理人数"},
    "param.hours_per_manager_per_month": {"en": "hours per manager per month",
                                          "zh": "每位客户经理每月工时"},
    "param.cost_per_hour": {"en": "cost per hour", "zh": "每小时成本"},
    "param.new_to_repeat": {"en": "new to repeat", "zh": "新客户转为老客户的概率"},
    "param.repeat_to_loyal": {"en": "repeat to loyal", "zh": "老客户转为忠诚客户的概率"},
    "param.loyal_to_repeat": {"en": "loyal to repeat", "zh": "忠诚客户退回老客户的概率"},
    "param.churn_new": {"en": "churn new", "zh": "新客户流失率"},
    "param.churn_repeat": {"en": "churn repeat", "zh": "老客户流失率"},
    "param.churn_loyal": {"en": "churn loyal", "zh": "忠诚客户流失率"},
    "param.win_back": {"en": "win back", "zh": "挽回率"},
    "param.lost_to_gone": {"en": "lost to gone", "zh": "流失客户永久离开的概率"},
    "param.potential_gone": {"en": "potential gone", "zh": "潜在客户放弃的概率"},
    "param.target_gone": {"en": "target gone", "zh": "目标客户放弃的概率"},
    "param.sow_new": {"en": "sow new", "zh": "新客户的钱包份额"},
    "param.sow_repeat": {"en": "sow repeat", "zh": "老客户的钱包份额"},
    "param.sow_loyal": {"en": "sow loyal", "zh": "忠诚客户的钱包份额"},
    "param.transaction_cost_share": {"en": "transaction cost share", "zh": "交易成本占比"},
    "param.touch_points_per_month": {"en": "touch points per month", "zh": "每月接触点"},
    "param.cost_per_touch_point": {"en": "cost per touch point", "zh": "每个接触点的成本"},
    "param.conversion_low": {"en": "conversion low", "zh": "低热线索转化率"},
    "param.conversion_medium": {"en": "conversion medium", "zh": "中热线索转化率"},
    "param.conversion_high": {"en": "conversion high", "zh": "高热线索转化率"},
    "param.first_purchase_per_touch": {"en": "first purchase per touch",
                                       "zh": "每次接触的首购概率"},
    "param.n_staff": {"en": "n staff", "zh": "投诉处理人员数"},
    "param.hours_per_complaint": {"en": "hours per complaint", "zh": "每次投诉的工时"},
    "param.hours_per_handler_per_month": {"en": "hours per handler per month",
                                          "zh": "每位处理人员每月工时"},
    "param.response_target_days": {"en": "response target days", "zh": "响应目标（天）"},
    "param.handling_quality": {"en": "handling quality", "zh": "投诉处理质量"},
    "param.service_recovery_strength": {"en": "service recovery strength",
                                        "zh": "服务补救效应强度"},
    "param.churn_after_bad_complaint": {"en": "churn after bad complaint",
                                        "zh": "投诉处理不当后的流失率"},
    "param.setup_cost": {"en": "setup cost", "zh": "建立成本"},
    "param.running_cost_per_month": {"en": "running cost per month", "zh": "每月运行成本"},
    "param.investment_share": {"en": "investment share", "zh": "客户导向投资占比"},
    "param.manager_hours_per_month": {"en": "manager hours per month",
                                      "zh": "每月客户经理工时"},
    "param.setup_share": {"en": "setup share", "zh": "建立成本占年采购额比例"},
    "param.reactivation_share": {"en": "reactivation share", "zh": "挽回后重新启动成本比例"},
    "param.exit_cost_share": {"en": "exit cost share", "zh": "关系终止成本比例"},
    "param.manager_hours_per_million": {"en": "manager hours per million",
                                        "zh": "每百万采购额的客户经理工时"},
    "param.information_uplift": {"en": "information uplift", "zh": "客户信息带来的钱包份额提升"},
    "param.joint_growth_rate": {"en": "joint growth rate", "zh": "共同增长率"},
    "param.supply_chain_saving": {"en": "supply chain saving", "zh": "供应链成本节约"},
    "param.contact_cycle_months": {"en": "contact cycle months", "zh": "联系周期（月）"},
    "param.price_concession": {"en": "price concession", "zh": "价格让步"},
    "param.share_of_wallet_uplift": {"en": "share of wallet uplift", "zh": "钱包份额提升"},
    "param.transaction_cost_factor": {"en": "transaction cost factor", "zh": "交易成本系数"},
    "param.favour_retention": {"en": "favour retention", "zh": "优惠带来的保留"},
    "param.lock_in": {"en": "lock in", "zh": "锁定效应"},
    "param.co_creation_rate": {"en": "co creation rate", "zh": "共同创造价值率"},
    "param.loyalty_building": {"en": "loyalty building", "zh": "忠诚培养系数"},
    "param.referral_multiplier": {"en": "referral multiplier", "zh": "推荐乘数"},
    "param.complaint_handling_bonus": {"en": "complaint handling bonus",
                                       "zh": "投诉处理加成"},
    "param.cost_per_member_per_month": {"en": "cost per member per month",
                                        "zh": "每位会员每月成本"},
    "param.churn_reduction": {"en": "churn reduction", "zh": "流失减少比例"},
    "param.voice_share": {"en": "voice share", "zh": "将流失客户中来电的比例"},
    "param.start_uplift": {"en": "start uplift", "zh": "礼券促成购买的比例"},
    "param.cost_per_use": {"en": "cost per use", "zh": "每次使用成本"},
    "param.kind": {"en": "kind", "zh": "类型"},
    "param.name": {"en": "name", "zh": "名称"},
    "param.description": {"en": "description", "zh": "说明"},
    "param.label_en": {"en": "English name", "zh": "英文名称"},
    "param.label_zh": {"en": "Chinese name", "zh": "中文名称"},
    "param.after_sale_touch_points_per_month": {"en": "after sale touch points per month",
                                                "zh": "每月售后接触点数"},
    "param.repeat_per_after_sale_touch": {"en": "repeat per after sale touch",
                                          "zh": "每次售后接触促成重复购买的概率"},
    # the plan's rows (parameter path "plan.<segment>")
    "param.plan_of": {"en": "relationship level of {segment}", "zh": "{segment}的关系层次"},
    # -- the values of fields with a fixed set of choices, as the report's appendix shows
    # them ("choice.<field>.<value>"; crmsim.scenario.segments, crmsim.scenario.scenario)
    "choice.kind.club": {"en": "club", "zh": "客户俱乐部"},
    "choice.kind.points": {"en": "points", "zh": "积分卡"},
    "choice.kind.voucher": {"en": "voucher", "zh": "礼券"},
    "choice.kind.magazine": {"en": "magazine", "zh": "客户杂志"},
    "choice.kind.events": {"en": "events", "zh": "特殊活动"},
    "choice.kind.call_centre": {"en": "call_centre", "zh": "呼叫中心"},
    "choice.kind.other": {"en": "other", "zh": "其他"},
    "choice.value_tier.vip": {"en": "vip", "zh": "贵宾客户"},
    "choice.value_tier.important": {"en": "important", "zh": "重要客户"},
    "choice.value_tier.ordinary": {"en": "ordinary", "zh": "普通客户"},
    "choice.relation_type.consumer": {"en": "consumer", "zh": "消费者"},
    "choice.relation_type.intermediary": {"en": "intermediary", "zh": "中间商"},
    "choice.relation_type.internal": {"en": "internal", "zh": "内部客户"},
    "choice.relation_type.public": {"en": "public", "zh": "公利客户"},
    "choice.lead_heat.low": {"en": "low", "zh": "低"},
    "choice.lead_heat.medium": {"en": "medium", "zh": "中"},
    "choice.lead_heat.high": {"en": "high", "zh": "高"},
    # -- crmsim.views.plots ------------------------------------------------------------------
    "plots.occupancy.title": {"en": "Customers by lifecycle state",
                              "zh": "各生命周期状态的客户数"},
    "plots.value_by_level.ylabel": {"en": "value per customer (present value, currency)",
                                    "zh": "每位客户的价值（现值，货币单位）"},
    "plots.value_by_level.title": {"en": "What a customer is worth at each relationship level",
                                   "zh": "各关系层次中每位客户的价值"},
    "plots.luxurious_note": {
        "en": "luxurious: the step up from the level to its left costs more than it returns",
        "zh": "奢侈的：从左侧层次升到该层次，额外成本超过额外回报"},
    "plots.cumulative_profit.ylabel": {"en": "cumulative discounted profit, all customers "
                                             "(currency)",
                                       "zh": "全部客户的累计贴现利润（货币单位）"},
    "plots.cumulative_profit.title": {"en": "Cumulative discounted profit by relationship level",
                                      "zh": "各关系层次的累计贴现利润"},
    # -- crmsim.analysis.luxury: verdicts and break-evens ------------------------------------------
    "luxury.ratio": {"en": "ratio {ratio}", "zh": "比值 {ratio}"},
    "luxury.extra_cost": {"en": "extra cost", "zh": "额外成本"},
    "luxury.extra_return": {"en": "extra return", "zh": "额外回报"},
    "luxury.or": {"en": " or ", "zh": " 或 "},
    "luxury.verdict.join": {"en": "{head}: {detail}", "zh": "{head}：{detail}"},
    "luxury.verdict.pays": {"en": "{level} pays for {segment}",
                            "zh": "对{segment}而言，{level}是值得的"},
    "luxury.verdict.luxurious": {"en": "{level} is luxurious for {segment}",
                                 "zh": "对{segment}而言，{level}是奢侈的"},
    "luxury.verdict.too close to call": {
        "en": "too close to call whether {level} pays for {segment}",
        "zh": "对{segment}而言，{level}是否值得难以判断",
    },
    "luxury.detail.ratio": {"en": "extra cost {ratio} × extra return",
                            "zh": "额外成本是额外回报的 {ratio} 倍"},
    "luxury.detail.with_interval": {"en": "{detail} (interval {low}–{high})",
                                    "zh": "{detail}（区间 {low}–{high}）"},
    "luxury.detail.no_return": {"en": "extra cost {cost} per customer, no extra return",
                                "zh": "每位客户额外成本 {cost}，却没有额外回报"},
    "luxury.detail.no_cost": {"en": "no extra cost, extra return {extra_return} per customer",
                              "zh": "没有额外成本，每位客户额外回报 {extra_return}"},
    "luxury.detail.profit": {"en": "extra profit {profit} per customer",
                             "zh": "每位客户额外利润 {profit}"},
    "luxury.break_even.pays_all": {
        "en": "{level} pays for {segment} over the whole range {low}–{high} of {parameter}",
        "zh": "在{parameter}的整个范围 {low}–{high} 内，对{segment}而言{level}都值得",
    },
    "luxury.break_even.pays_all_vs": {
        "en": "{level} pays more than {against} for {segment} over the whole range "
              "{low}–{high} of {parameter}",
        "zh": "在{parameter}的整个范围 {low}–{high} 内，对{segment}而言{level}都比"
              "{against}更值得",
    },
    "luxury.break_even.luxurious_all": {
        "en": "{level} is luxurious for {segment} (against {against}) over the whole range "
              "{low}–{high} of {parameter}",
        "zh": "在{parameter}的整个范围 {low}–{high} 内，对{segment}而言{level}都是奢侈的"
              "（相对于{against}）",
    },
    "luxury.break_even.one": {
        "en": "{level} pays for {segment} only while {parameter} {sign} {value}",
        "zh": "对{segment}而言，仅当{parameter} {sign} {value} 时{level}才值得",
    },
    "luxury.break_even.one_vs": {
        "en": "{level} pays more than {against} for {segment} only while {parameter} "
              "{sign} {value}",
        "zh": "对{segment}而言，仅当{parameter} {sign} {value} 时{level}才比{against}"
              "更值得",
    },
    "luxury.break_even.ranges": {
        "en": "{level} pays for {segment} only while {parameter} is in {ranges}",
        "zh": "对{segment}而言，仅当{parameter}在 {ranges} 之间时{level}才值得",
    },
    "luxury.break_even.ranges_vs": {
        "en": "{level} pays more than {against} for {segment} only while {parameter} is in "
              "{ranges}",
        "zh": "对{segment}而言，仅当{parameter}在 {ranges} 之间时{level}才比{against}"
              "更值得",
    },
    # -- crmsim.views.luxury_plots -----------------------------------------------------------
    "luxury_plots.verdicts.ylabel": {"en": "present value per customer (currency)",
                                     "zh": "每位客户的现值（货币单位）"},
    "luxury_plots.verdicts.title": {
        "en": "Is each step up worth it? {segment}: extra cost (hatched) vs extra return",
        "zh": "每升一级值得吗？{segment}：额外成本（斜线）与额外回报",
    },
    "luxury_plots.ratio.row": {"en": "{segment}: {step} ({verdict})",
                               "zh": "{segment}：{step}（{verdict}）"},
    "luxury_plots.ratio.xlabel": {"en": "luxury ratio = extra cost ÷ extra return (below 1 pays)",
                                  "zh": "奢侈比 = 额外成本 ÷ 额外回报（小于 1 即值得）"},
    "luxury_plots.ratio.title": {"en": "Luxury ratio of each step up the ladder",
                                 "zh": "关系层次每升一级的奢侈比"},
    "luxury_plots.frontier.title": {"en": "Best relationship level for {segment}",
                                    "zh": "{segment}的最佳关系层次"},
    "luxury_plots.frontier.fixed": {"en": "({fixed})", "zh": "（{fixed}）"},
    "luxury_plots.frontier.edge": {"en": "dashed: edge of where {levels} pays",
                                   "zh": "虚线：{levels}开始值得的边界"},
    "luxury_plots.frontier.edge_many": {"en": "dashed: edges of where {levels} pay",
                                        "zh": "虚线：{levels}开始值得的边界"},
    "luxury_plots.frontier.nowhere": {"en": "{levels} pays nowhere on this map",
                                      "zh": "此图中{levels}处处都不值得"},
    "luxury_plots.frontier.nowhere_many": {"en": "{levels} pay nowhere on this map",
                                           "zh": "此图中{levels}处处都不值得"},
    "luxury_plots.frontier.everywhere": {"en": "{levels} pays everywhere on this map",
                                         "zh": "此图中{levels}处处都值得"},
    "luxury_plots.frontier.everywhere_many": {"en": "{levels} pay everywhere on this map",
                                              "zh": "此图中{levels}处处都值得"},
    "luxury_plots.check.legend": {"en": "{level} (simulated, CI)",
                                  "zh": "{level}（模拟，置信区间）"},
    "luxury_plots.check.title": {"en": "Frontier map check: analytic (×) vs simulation "
                                       "(mean, CI)",
                                 "zh": "边界图检验：解析值（×）与模拟（均值，置信区间）"},
    "luxury_plots.break_even.pays": {"en": "{level} pays", "zh": "{level}值得"},
    "luxury_plots.break_even.luxurious": {"en": "{level} luxurious", "zh": "{level}奢侈"},
    "luxury_plots.break_even.ylabel": {"en": "extra profit vs {cheaper}\nper customer (currency)",
                                       "zh": "相对{cheaper}的\n每位客户额外利润（货币单位）"},
    "luxury_plots.replications.title": {
        "en": "{segment}: {n} replications per level, mean and {confidence:.0%} interval",
        "zh": "{segment}：每个层次 {n} 次重复，均值与 {confidence:.0%} 区间",
    },
    "luxury_plots.sweep.title": {"en": "{segment}: {quantity} across {parameter}",
                                 "zh": "{segment}：{quantity}随{parameter}的变化"},
    "luxury_plots.tornado.xlabel": {
        "en": "{quantity} ({level}); hatched: parameter low, solid: high",
        "zh": "{quantity}（{level}）；斜线：参数取低值，实心：取高值",
    },
    "luxury_plots.tornado.xlabel_extra": {
        "en": "{quantity} of {level} over the next cheaper level, per customer (currency)\n"
              "hatched: parameter low, solid: high",
        "zh": "{level}相对次一级层次的每位客户{quantity}（货币单位）\n"
              "斜线：参数取低值，实心：取高值",
    },
    "luxury_plots.tornado.title": {"en": "What moves the {quantity} most? (one at a time)",
                                   "zh": "什么对{quantity}影响最大？（每次改变一个参数）"},
    "luxury_plots.sobol.first": {"en": "first order S1", "zh": "一阶指数 S1"},
    "luxury_plots.sobol.total": {"en": "total ST", "zh": "总效应指数 ST"},
    "luxury_plots.sobol.xlabel": {"en": "share of output variance", "zh": "占输出方差的份额"},
    "luxury_plots.sobol.title": {"en": "Global sensitivity (Sobol) of the {quantity}",
                                 "zh": "{quantity}的全局敏感性（Sobol）"},
    "luxury_plots.portfolio.served": {"en": "served {share:.0%}", "zh": "服务率 {share:.0%}"},
    "luxury_plots.portfolio.best": {"en": "★ each segment's own best",
                                    "zh": "★ 各客户群各自的最佳"},
    "luxury_plots.portfolio.xlabel": {"en": "total discounted profit (currency)",
                                      "zh": "贴现总利润（货币单位）"},
    "luxury_plots.portfolio.legend": {"en": "squares: {segments}", "zh": "方块：{segments}"},
    "luxury_plots.portfolio.title": {"en": "Best plans when segments compete for account "
                                           "managers",
                                     "zh": "各客户群争用客户经理时的最佳方案"},
    # -- crmsim.language.glossary --------------------------------------------------------------
    "glossary.title": {"en": "Glossary of the domain texts (English / 中文)",
                       "zh": "术语表（英文 / 中文）"},
    "glossary.english": {"en": "English", "zh": "英文"},
    "glossary.chinese": {"en": "中文", "zh": "中文"},
    # -- crmsim.views.demo -------------------------------------------------------------------
    "demo.segment": {"en": "{segment}  ({n} customers at start)",
                     "zh": "{segment}（期初 {n} 位客户）"},
    "demo.col.level": {"en": "level", "zh": "关系层次"},
    "demo.col.kept": {"en": "still buying", "zh": "仍在购买"},
    "demo.col.discounted_profit": {"en": "discounted profit", "zh": "贴现利润"},
    "demo.col.clv": {"en": "CLV", "zh": "终身价值"},
    "demo.col.clv_expected": {"en": "CLV expected", "zh": "期望值"},
    "demo.best": {"en": "<- best", "zh": "<- 最佳"},
    "demo.best_close": {"en": "<- best, too close to call with {other}",
                        "zh": "<- 最佳，但与{other}相差太小，难以判定"},
    "demo.value.title": {
        "en": "Expected value per customer at each level (analytic), one panel per segment",
        "zh": "各关系层次每位客户的期望价值（解析），每个客户群一幅",
    },
    "demo.occupancy.title": {
        "en": "Customers by lifecycle state, each segment at the level shown (same customers)",
        "zh": "各生命周期状态的客户数：每个客户群采用图中所示的层次（相同的客户）",
    },
    # -- crmsim.views.report (HTML report of ``crmsim run``) -----------------------------------
    "report.title": {"en": "crmsim report: {name}", "zh": "crmsim 报告：{name}"},
    "report.meta": {
        "en": "crmsim {version}, {n} replications, seed {seed}, scenario {sha}, {created}. "
              "Reproduce with {command}.",
        "zh": "crmsim {version}，{n} 次重复，随机种子 {seed}，情景 {sha}，{created}。"
              "复现命令：{command}。",
    },
    "report.best": {"en": "Best level per segment", "zh": "各客户群的最佳关系层次"},
    "report.verdicts": {"en": "Luxury verdicts", "zh": "奢侈性判断"},
    "report.verdicts.explain": {
        "en": "A step up pays when its extra return exceeds its extra cost; intervals are "
              "paired bootstrap intervals over replications (common random numbers).",
        "zh": "升一级关系层次带来的额外回报超过额外成本时，这一步就是值得的；否则是奢侈的。"
              "区间是对各次重复（共同随机数）做配对自助抽样得到的区间。",
    },
    "report.one_level": {"en": "Only one level.", "zh": "只有一个关系层次。"},
    "report.both_sides": {"en": "Both sides' gains (win-win)", "zh": "双方的收益（双赢）"},
    "report.both_sides.explain": {
        "en": "Per customer, over the cheapest level, every level fully served: the firm's "
              "extra discounted profit and the customer's discounted gain (concessions, "
              "savings, lower transaction costs, its share of jointly created value and "
              "growth); the gain share is the customer's monthly gain over its monthly spend.",
        "zh": "每位客户相对最低关系层次、各层次均得到充分服务时：企业额外的贴现利润与客户的"
              "贴现收益（让利、节省、更低的交易成本、共同创造的价值与增长中客户的份额）；"
              "收益占比为客户每月收益占其每月支出的比例。",
    },
    "report.break_evens": {"en": "Break-evens", "zh": "盈亏平衡点"},
    "report.break_evens.explain": {
        "en": "Exact expected values of the model (analytic engine, no replications): whether "
              "the step up to the level pays as the switching cost varies, the other traits as "
              "in the scenario.",
        "zh": "模型的精确期望值（解析引擎，不依赖重复模拟）：转移成本变化时，升到该层次是否值得；"
              "其他特征取情景中的值。",
    },
    "report.figures.explain": {
        "en": "Value per customer and the luxury verdicts come from the replications; cash "
              "flows, customers by state, frontier maps, tornados and break-evens are exact "
              "expected values of the model (analytic engine).",
        "zh": "每位客户的价值和奢侈性判断来自重复模拟；累计利润、各状态客户数、边界图、龙卷风图和"
              "盈亏平衡点是模型的精确期望值（解析引擎）。",
    },
    "report.figures": {"en": "Figures", "zh": "图表"},
    "report.values": {"en": "Profit per customer by level",
                      "zh": "各关系层次每位客户的利润"},
    "report.assumptions": {"en": "Assumptions", "zh": "假设"},
    "report.manifest": {"en": "Manifest", "zh": "运行清单"},
    "report.manifest.note": {"en": "Also written as {file} beside this file.",
                             "zh": "同一内容也另存为本文件旁边的 {file}。"},
    "report.profit_ci.title": {
        "en": "Profit per customer by level, 95% confidence intervals (simulation)",
        "zh": "各关系层次每位客户的利润及 95% 置信区间（模拟）",
    },
    "report.occupancy.title": {"en": "Expected customers by state, each segment at the level "
                                     "shown",
                               "zh": "各状态的期望客户数：每个客户群采用图中所示的层次"},
    "report.figure.cash_flows": {"en": "Cumulative discounted profit", "zh": "累计贴现利润"},
    "report.figure.verdicts": {"en": "Luxury verdicts: {segment}",
                               "zh": "奢侈性判断：{segment}"},
    "report.figure.frontier": {"en": "Frontier map: {segment}", "zh": "边界图：{segment}"},
    "report.figure.tornado": {"en": "Tornado (extra profit of {level}): {segment}",
                              "zh": "龙卷风图（{level}的额外利润）：{segment}"},
    "report.figure.break_even": {"en": "Break-even: {statement}",
                                 "zh": "盈亏平衡：{statement}"},
    "report.step.simulate": {"en": "simulating {n} replications of every segment at every level",
                             "zh": "模拟：每个客户群在每个层次下重复 {n} 次"},
    "report.step.expected": {"en": "expected values of every level (analytic)",
                             "zh": "各层次的期望值（解析）"},
    "report.step.both_sides": {"en": "both sides' gains", "zh": "双方的收益"},
    "report.step.frontier": {"en": "frontier map of {segment} ({n} points)",
                             "zh": "{segment}的边界图（{n} 个点）"},
    "report.step.tornado": {"en": "tornado of {segment}", "zh": "{segment}的龙卷风图"},
    "report.step.break_even": {"en": "break-even of {segment}", "zh": "{segment}的盈亏平衡点"},
    "report.step.discovery": {"en": "where partnership pays for {segment} ({n} points)",
                              "zh": "{segment}：合作伙伴关系在哪些情况下值得（{n} 个点）"},
    "report.step.figure": {"en": "drawing {title}", "zh": "绘制：{title}"},
    "report.summary": {"en": "Summary", "zh": "摘要"},
    "report.summary.move": {
        "en": "For {segment} ({n} customers), {best} would earn {gain} more per customer than "
              "the planned {planned}: {at_stake} more discounted profit in all.",
        "zh": "{segment}（{n} 位客户）计划采用{planned}；{best}每位客户多赚 {gain}，"
              "贴现利润合计多 {at_stake}。",
    },
    "report.summary.keep": {
        "en": "For {segment} ({n} customers), the planned level, {planned}, is the best "
              "({value} per customer).",
        "zh": "{segment}（{n} 位客户）计划采用的{planned}已是最佳层次（每位客户 {value}）。",
    },
    "report.summary.keep_unclear": {
        "en": "For {segment} ({n} customers), the planned level, {planned}, did best in these "
              "replications ({value} per customer), but too close to call: the replications "
              "cannot separate it from the next best.",
        "zh": "{segment}（{n} 位客户）计划采用的{planned}在这些重复中表现最好（每位客户 {value}），"
              "但难以判定：各次重复无法把它与次优层次区分开。",
    },
    "report.summary.move_unclear": {
        "en": "For {segment} ({n} customers), {best} earned {gain} more per customer than the "
              "planned {planned} in these replications, but too close to call: the "
              "replications cannot separate the two.",
        "zh": "{segment}（{n} 位客户）计划采用{planned}；在这些重复中{best}每位客户多赚 {gain}，"
              "但难以判定：各次重复无法把两者区分开。",
    },
    "report.summary.total": {
        "en": "Moving every segment with a clear best level to it is worth {total} in "
              "discounted profit over {months} months.",
        "zh": "把最佳层次明确的客户群都改用最佳层次，{months} 个月内可多得贴现利润 {total}。",
    },
    "report.summary.few_replications": {
        "en": "With {n} replications nothing is called: run at least {least} for verdicts "
              "and a clear best level.",
        "zh": "只有 {n} 次重复，无法作出判断：至少需要 {least} 次重复，"
              "才能给出结论和明确的最佳层次。",
    },
    "report.summary.all_best": {"en": "Every segment is planned at its best level.",
                                "zh": "每个客户群计划采用的都已是最佳层次。"},
    "report.summary.luxurious": {"en": "Luxurious (extra cost above extra return): {items}.",
                                 "zh": "奢侈的（额外成本超过额外回报）：{items}。"},
    "report.summary.luxurious_item": {"en": "{levels} for {segment}",
                                      "zh": "对{segment}而言的{levels}"},
    "report.summary.no_luxury": {"en": "No step up the ladder is luxurious.",
                                 "zh": "没有哪一级提升是奢侈的。"},
    "report.summary.no_luxury_called": {"en": "None of the steps called is luxurious.",
                                        "zh": "已作出判定的提升中，没有哪一级是奢侈的。"},
    "report.summary.too_close": {"en": "Too close to call whether it pays: {items}.",
                                 "zh": "难以判定是否值得：{items}。"},
    "report.summary.all_too_close": {
        "en": "Every step up the ladder is too close to call: none is called luxurious and "
              "none is called worth its cost.",
        "zh": "每一级提升都难以判定：没有哪一级被判定为奢侈，也没有哪一级被判定为值得。",
    },
    "report.summary.units": {
        "en": "Money is in the scenario's currency, discounted to month 0; \"per customer\" "
              "is per customer at the start, including the customers they refer.",
        "zh": "金额以情景的货币单位计，贴现到第 0 个月；“每位客户”指期初的每位客户，"
              "含其推荐来的客户。",
    },
    "report.and": {"en": " and ", "zh": "和"},
    "report.list_sep": {"en": ", ", "zh": "、"},
    "report.items": {"en": "; ", "zh": "；"},
    "report.interval": {"en": "{low} to {high}", "zh": "{low} 至 {high}"},
    "report.no_return": {"en": "no extra return", "zh": "无额外回报"},
    "report.not_defined": {"en": "not defined", "zh": "无定义"},
    "report.clear": {"en": "clear", "zh": "明确"},
    "report.unlimited": {"en": "unlimited", "zh": "不限"},
    "report.rows_shown": {"en": "First {shown} of {n} rows; all of them are in {file}.",
                          "zh": "仅显示 {n} 行中的前 {shown} 行；全部数据见 {file}。"},
    "report.appendix": {"en": "Appendix", "zh": "附录"},
    "report.assumptions.explain": {
        "en": "Every number of the scenario as run ({file} beside this file).",
        "zh": "本次运行所用情景的全部参数（见本文件旁边的 {file}）。英文说明见 assumptions.csv。",
    },
    "report.col.segment": {"en": "segment", "zh": "客户群"},
    "report.col.customers": {"en": "customers", "zh": "客户数"},
    "report.col.planned_level": {"en": "planned level", "zh": "计划层次"},
    "report.col.best_level": {"en": "best level", "zh": "最佳层次"},
    "report.col.value_planned": {"en": "value per customer, planned",
                                 "zh": "计划层次下每位客户的价值"},
    "report.col.value_best": {"en": "value per customer, best", "zh": "最佳层次下每位客户的价值"},
    "report.col.at_stake": {"en": "gain over the plan, all customers",
                            "zh": "相对计划的总收益"},
    "report.col.call": {"en": "call", "zh": "判定"},
    "report.col.step": {"en": "step up", "zh": "升级"},
    "report.col.extra_cost": {"en": "extra cost per customer", "zh": "每位客户的额外成本"},
    "report.col.extra_return": {"en": "extra return per customer", "zh": "每位客户的额外回报"},
    "report.col.extra_profit": {"en": "extra profit per customer", "zh": "每位客户的额外利润"},
    "report.col.interval": {"en": "95% interval", "zh": "95% 区间"},
    "report.col.luxury_ratio": {"en": "luxury ratio (extra cost ÷ extra return)",
                                "zh": "奢侈比（额外成本 ÷ 额外回报）"},
    "report.col.verdict": {"en": "verdict", "zh": "判断"},
    "report.col.level": {"en": "level", "zh": "关系层次"},
    "report.col.firm_extra": {"en": "firm's extra profit per customer",
                              "zh": "企业每位客户的额外利润"},
    "report.col.customer_gain": {"en": "customer's gain", "zh": "客户的收益"},
    "report.col.gain_share": {"en": "customer's gain, share of spend", "zh": "客户收益占支出比例"},
    "report.col.win_win": {"en": "win-win", "zh": "双赢"},
    "report.col.cost": {"en": "cost per customer", "zh": "每位客户的成本"},
    "report.col.return": {"en": "return per customer", "zh": "每位客户的回报"},
    "report.col.value": {"en": "value per customer", "zh": "每位客户的价值"},
    "report.col.parameter": {"en": "parameter", "zh": "参数"},
    "report.col.value_set": {"en": "value", "zh": "取值"},
    "report.col.unit": {"en": "unit", "zh": "单位"},
    "report.col.meaning": {"en": "meaning", "zh": "含义"},
    "report.col.measure": {"en": "measure", "zh": "指标"},
    "report.col.share_of_points": {"en": "share of the sampled points", "zh": "占抽样点的比例"},
    "report.discovery": {"en": "Where does partnership pay? Scenario discovery",
                         "zh": "合作伙伴关系在哪些情况下值得？情景发现"},
    "report.discovery.explain": {
        "en": "For each segment on its own, with unlimited staff, {n} combinations of its traits "
              "(Latin hypercube, seed {seed}) were evaluated, and PRIM found the box of traits "
              "where {level} earns more than the next cheaper level. The texts' rule stands "
              "beside it: how often it gives the model's verdict.",
        "zh": "对每个客户群单独分析（员工不受限）：评估其特征的 {n} 种组合（拉丁超立方抽样，种子 "
              "{seed}），用 PRIM 找出{level}比低一级层次赚得更多的特征框，并与教材的规则对照：规则"
              "有多少次给出与模型相同的判断。",
    },
    "report.discovery.missing": {
        "en": "Scenario discovery (where partnership pays, beside the texts' rule) needs the "
              "'discovery' extra: pip install 'crmsim[discovery]'.",
        "zh": "情景发现（合作伙伴关系在哪些情况下值得，并与教材的规则对照）需要安装 'discovery' "
              "扩展：pip install 'crmsim[discovery]'。",
    },
    "report.discovery.no_level": {
        "en": "This scenario has no partnership level above its cheapest level, so there is "
              "nothing to discover here.",
        "zh": "本情景没有高于最低层次的合作伙伴关系层次，因此这里没有可发现的内容。",
    },
    "report.manifest.crmsim_version": {"en": "crmsim version", "zh": "crmsim 版本"},
    "report.manifest.created": {"en": "created", "zh": "生成时间"},
    "report.manifest.scenario_name": {"en": "scenario", "zh": "情景"},
    "report.manifest.scenario_sha256": {"en": "scenario fingerprint (SHA-256)",
                                        "zh": "情景指纹（SHA-256）"},
    "report.manifest.source_file": {"en": "scenario file", "zh": "情景文件"},
    "report.manifest.source_file_sha256": {"en": "scenario file fingerprint (SHA-256)",
                                           "zh": "情景文件指纹（SHA-256）"},
    "report.manifest.seed": {"en": "seed", "zh": "随机种子"},
    "report.manifest.seed_entropy": {"en": "seed entropy", "zh": "随机种子的完整值"},
    "report.manifest.n_replications": {"en": "replications", "zh": "重复次数"},
    "report.manifest.workers": {"en": "processes", "zh": "进程数"},
    "report.manifest.language": {"en": "language", "zh": "语言"},
    "report.manifest.python": {"en": "Python version", "zh": "Python 版本"},
    "report.manifest.numpy": {"en": "NumPy version", "zh": "NumPy 版本"},
    "report.manifest.command": {"en": "command", "zh": "命令"},
    "report.manifest.reproduce": {"en": "reproduce with", "zh": "复现命令"},
    "report.figure.value_by_segment": {
        "en": "Value per customer at each level, one panel per segment (95% intervals)",
        "zh": "各关系层次每位客户的价值，每个客户群一幅（95% 区间）"},
    "unit.0-1": {"en": "0-1", "zh": "0–1 标度"},
    "unit.share of wallet": {"en": "share of wallet", "zh": "钱包份额"},
    "unit.share of monthly wallet": {"en": "share of monthly wallet", "zh": "占每月采购额的比例"},
    "unit.multiplier": {"en": "multiplier", "zh": "倍数"},
    "unit.per month": {"en": "per month", "zh": "每月"},
    "unit.contacts per new customer per month": {"en": "contacts per new customer per month",
                                                 "zh": "每位新客户每月接触次数"},
    "unit.share of leaving customers": {"en": "share of leaving customers",
                                        "zh": "占将流失客户的比例"},
    "unit.share per month": {"en": "share per month", "zh": "每月比例"},
    "unit.share of list revenue": {"en": "share of list revenue", "zh": "占标价收入的比例"},
    "unit.share of churn removed": {"en": "share of churn removed", "zh": "流失减少的比例"},
    "unit.share of annual wallet": {"en": "share of annual wallet", "zh": "占年采购额的比例"},
    "unit.probability": {"en": "probability", "zh": "概率"},
    "unit.months": {"en": "months", "zh": "月"},
    "unit.per touch point": {"en": "per touch point", "zh": "每个接触点"},
    "unit.currency per customer per year": {"en": "currency per customer per year",
                                            "zh": "货币单位/每位客户每年"},
    "unit.coefficient of variation": {"en": "coefficient of variation", "zh": "离散系数"},
    "unit.per share of spend": {"en": "per share of spend", "zh": "每单位支出份额"},
    "unit.complaints per customer per year": {"en": "complaints per customer per year",
                                              "zh": "每位客户每年投诉次数"},
    "unit.referrals per customer per year": {"en": "referrals per customer per year",
                                             "zh": "每位客户每年推荐数"},
    "unit.currency per customer": {"en": "currency per customer", "zh": "货币单位/每位客户"},
    "unit.share of set-up cost": {"en": "share of set-up cost", "zh": "占启动成本的比例"},
    "unit.currency per customer per month": {"en": "currency per customer per month",
                                             "zh": "货币单位/每位客户每月"},
    "unit.hours per customer per month": {"en": "hours per customer per month",
                                          "zh": "每位客户每月小时数"},
    "unit.hours per month per million of annual wallet": {
        "en": "hours per month per million of annual wallet", "zh": "每百万年采购额每月小时数"},
    "unit.share of cost of goods": {"en": "share of cost of goods", "zh": "占商品成本的比例"},
    "unit.hours": {"en": "hours", "zh": "小时"},
    "unit.currency": {"en": "currency", "zh": "货币单位"},
    "unit.currency per hour": {"en": "currency per hour", "zh": "货币单位/每小时"},
    "unit.per year": {"en": "per year", "zh": "每年"},
    "unit.contacts per prospect per month": {"en": "contacts per prospect per month",
                                             "zh": "每位潜在客户每月接触次数"},
    "unit.days": {"en": "days", "zh": "天"},
    # -- crmsim.views.widgets (teaching explorers) --------------------------------------------
    "widgets.cannot_compute": {"en": "Cannot compute: {error}", "zh": "无法计算：{error}"},
    "widgets.all_segments": {"en": "all segments", "zh": "全部客户群"},
    "widgets.segment": {"en": "segment", "zh": "客户群"},
    "widgets.level": {"en": "level", "zh": "关系层次"},
    "widgets.seed": {"en": "seed", "zh": "随机种子"},
    "widgets.discount_rate": {"en": "discount rate per year", "zh": "年贴现率"},
    "widgets.switching_cost": {"en": "switching cost (转移成本)", "zh": "转移成本"},
    "widgets.mutual_importance": {"en": "mutual importance (彼此具有重要意义)",
                                  "zh": "彼此具有重要意义"},
    "widgets.mutual_need": {"en": "mutual need (彼此需要)", "zh": "彼此需要"},
    "widgets.customer_power": {"en": "customer's bargaining power (谈判能力)",
                               "zh": "客户的谈判能力"},
    "widgets.still_buying": {"en": "customers still buying", "zh": "仍在购买的客户数"},
    "widgets.flows.title": {
        "en": "Monthly flows between states\n(arrows: customers per month; boxes: mean "
              "customers)",
        "zh": "各状态之间的月度流动\n（箭头：每月客户数；方框：平均客户数）",
    },
    "widgets.flows.word_of_mouth": {"en": "word of mouth", "zh": "口碑推荐"},
    "widgets.lifecycle.title": {
        "en": "Customer lifecycle (客户生命周期): potential → target → new → repeat → loyal "
              "→ lost",
        "zh": "客户生命周期：潜在客户 → 目标客户 → 新客户 → 老客户 → 忠诚客户 → 流失客户",
    },
    "widgets.lifecycle.touch_points": {"en": "touch points (接触点) per prospect per month",
                                       "zh": "每个潜在客户每月的接触点"},
    "widgets.lifecycle.churn_factor": {"en": "churn (流失) × base rate",
                                       "zh": "流失率 × 基准值"},
    "widgets.lifecycle.win_back": {"en": "win-back (挽回) per month", "zh": "每月挽回率"},
    "widgets.lifecycle.show": {"en": "show", "zh": "显示"},
    "widgets.lifecycle.intro": {
        "en": "Stacked areas: expected customers in each state (analytic engine). Move a "
              "slider and release it to redraw.",
        "zh": "堆积面积图：各状态的期望客户数（解析引擎）。拖动滑块并松开即可重绘。",
    },
    "widgets.lifecycle.occupancy_title": {
        "en": "Customers by lifecycle state ({segment})\n(non-customers not shown)",
        "zh": "各生命周期状态的客户数（{segment}）\n（未显示非客户）",
    },
    "widgets.lifecycle.ylabel": {"en": "customers (expected)", "zh": "客户数（期望值）"},
    "widgets.lifecycle.customers_at": {"en": "customers at month {month}",
                                       "zh": "第 {month} 月的客户数"},
    "widgets.worth.title": {
        "en": "What a customer is worth (客户终身价值): from 500 to 100,000 and back",
        "zh": "一位客户值多少（客户终身价值）：从 500 到 100,000，再回到现实",
    },
    "widgets.worth.first_purchase": {"en": "first purchase", "zh": "首次购买"},
    "widgets.worth.annual_spend": {"en": "own spend per year", "zh": "每年自身消费"},
    "widgets.worth.referral_value": {"en": "referrals (口碑) per year",
                                     "zh": "每年口碑推荐带来的消费"},
    "widgets.worth.years": {"en": "years", "zh": "年数"},
    "widgets.worth.gross_margin": {"en": "gross margin (share of sales)",
                                   "zh": "毛利率（占销售额的比例）"},
    "widgets.worth.cost_to_serve": {"en": "cost to keep the customer per year",
                                    "zh": "每年维系客户的成本"},
    "widgets.worth.churn": {"en": "churn (流失率) per year", "zh": "每年流失率"},
    "widgets.worth.intro": {
        "en": "Start at the texts' numbers (nothing subtracted), then switch on the "
              "corrections one by one.",
        "zh": "从教材中的数字出发（什么都不扣除），再逐一加上各项修正。",
    },
    "widgets.worth.xlabel": {"en": "value of one customer (currency)",
                             "zh": "一位客户的价值（货币单位）"},
    "widgets.worth.steps_title": {"en": "One correction at a time", "zh": "逐项修正"},
    "widgets.worth.face_value": {"en": "face value", "zh": "面值"},
    "widgets.worth.after_corrections": {"en": "after corrections", "zh": "修正后"},
    "widgets.worth.year": {"en": "year of the relationship", "zh": "关系的第几年"},
    "widgets.worth.ylabel": {"en": "cumulative value (currency)",
                             "zh": "累计价值（货币单位）"},
    "widgets.worth.total": {"en": "Worth {total} = {multiple} × the first purchase",
                            "zh": "价值 {total} = 首次购买的 {multiple} 倍"},
    "widgets.worth.step.first purchase only": {"en": "first purchase only",
                                               "zh": "仅看首次购买"},
    "widgets.worth.step.years × yearly value (face value)": {
        "en": "years × yearly value (face value)", "zh": "年数 × 每年价值（面值）"},
    "widgets.worth.step.… only the margin is earned": {"en": "… only the margin is earned",
                                                       "zh": "… 只赚得毛利"},
    "widgets.worth.step.… minus the cost to serve": {"en": "… minus the cost to serve",
                                                     "zh": "… 减去服务成本"},
    "widgets.worth.step.… some customers churn": {"en": "… some customers churn",
                                                  "zh": "… 部分客户流失"},
    "widgets.worth.step.… future money is discounted": {"en": "… future money is discounted",
                                                        "zh": "… 未来的钱要贴现"},
    "widgets.clv.title": {"en": "Expected value vs what individual customers are worth (SimPy)",
                          "zh": "期望值与单个客户的实际价值（SimPy 模拟）"},
    "widgets.clv.n_customers": {"en": "customers simulated", "zh": "模拟的客户数"},
    "widgets.clv.simulate": {"en": "simulate", "zh": "模拟"},
    "widgets.clv.intro": {
        "en": "Press <b>simulate</b> to run the SimPy engine for the chosen segment alone, "
              "with unlimited staff (queues are notebook 05's topic).",
        "zh": "按 <b>模拟</b> 对所选客户群单独运行 SimPy 引擎，员工数量不限（排队问题见第 05 "
              "个笔记本）。",
    },
    "widgets.clv.simulated": {"en": "simulated customers (n = {n})",
                              "zh": "模拟客户（n = {n}）"},
    "widgets.clv.expected": {"en": "analytic expectation {value}", "zh": "解析期望值 {value}"},
    "widgets.clv.mean": {"en": "simulated mean {value}", "zh": "模拟均值 {value}"},
    "widgets.clv.xlabel": {
        "en": "customer lifetime value over the horizon (present value, currency)",
        "zh": "规划期内的客户终身价值（现值，货币单位）",
    },
    "widgets.clv.plot_title": {"en": "CLV of '{segment}' customers at level '{level}'",
                               "zh": "“{segment}”客户在“{level}”下的客户终身价值"},
    "widgets.clv.q.expected CLV (analytic)": {"en": "expected CLV (analytic)",
                                              "zh": "期望终身价值（解析）"},
    "widgets.clv.q.mean CLV (simulated)": {"en": "mean CLV (simulated)",
                                           "zh": "平均终身价值（模拟）"},
    "widgets.clv.q.± 95 % interval of the mean": {"en": "± 95 % interval of the mean",
                                                  "zh": "均值的 ± 95% 区间"},
    "widgets.clv.q.median customer": {"en": "median customer", "zh": "中位数客户"},
    "widgets.clv.q.10th percentile": {"en": "10th percentile", "zh": "第 10 百分位数"},
    "widgets.clv.q.90th percentile": {"en": "90th percentile", "zh": "第 90 百分位数"},
    "widgets.clv.q.customers with CLV < 0": {"en": "customers with CLV < 0",
                                             "zh": "终身价值为负的客户数"},
    "widgets.levels.title": {
        "en": "The same customers at four levels: 买卖关系 · 优先供应关系 · 合作伙伴关系 · "
              "战略联盟",
        "zh": "同一批客户的四种关系层次：买卖关系 · 优先供应关系 · 合作伙伴关系 · 战略联盟",
    },
    "widgets.levels.engine": {"en": "engine", "zh": "引擎"},
    "widgets.levels.analytic": {"en": "expected (analytic)", "zh": "期望值（解析）"},
    "widgets.levels.simpy": {"en": "same customers (SimPy)", "zh": "相同的客户（SimPy）"},
    "widgets.levels.seed": {"en": "seed (SimPy)", "zh": "随机种子（SimPy）"},
    "widgets.levels.intro": {
        "en": "Each level is run on the same customers (the SimPy engine uses one seed for "
              "all four: common random numbers). The sliders change the chosen segment's "
              "characteristics.",
        "zh": "每个关系层次都在同一批客户上运行（SimPy 引擎对四个层次使用同一个随机种子：共同"
              "随机数）。滑块改变所选客户群的特征。",
    },
    "widgets.levels.retention": {"en": "Retention", "zh": "客户保留"},
    "widgets.levels.value": {"en": "Value per customer", "zh": "每位客户的价值"},
    "widgets.levels.expected": {"en": "expected", "zh": "期望值"},
    "widgets.levels.simpy_seed": {"en": "SimPy, seed {seed}", "zh": "SimPy，随机种子 {seed}"},
    "widgets.levels.suptitle": {"en": "'{segment}' at each level ({engine})",
                                "zh": "“{segment}”在各关系层次下（{engine}）"},
    "widgets.staff.title": {
        "en": "Segments and staff: a level per segment, limited account managers (客户经理)",
        "zh": "客户群与员工：每个客户群一个关系层次，客户经理人数有限",
    },
    "widgets.staff.n_account_managers": {"en": "account managers (客户经理)",
                                         "zh": "客户经理人数"},
    "widgets.staff.intro": {
        "en": "Every level above transactional needs account-manager hours. When the hours "
              "needed exceed the hours available, contacts are missed and customers are "
              "neglected.",
        "zh": "买卖关系以上的每个层次都需要客户经理的工时。所需工时超过可用工时时，联系就会被"
              "错过，客户就会被忽视。",
    },
    "widgets.staff.bar": {"en": "{segment} ({level})", "zh": "{segment}（{level}）"},
    "widgets.staff.available": {"en": "available: {hours} h", "zh": "可用：{hours} 小时"},
    "widgets.staff.xlabel": {"en": "account-manager hours per month (at full service)",
                             "zh": "每月客户经理工时（全面服务时）"},
    "widgets.staff.hours_title": {
        "en": "Hours needed vs available: {served:.0%} of contacts served",
        "zh": "所需工时与可用工时：{served:.0%} 的联系得到服务",
    },
    "widgets.staff.profit_ylabel": {"en": "discounted profit of the segment (currency)",
                                    "zh": "客户群的贴现利润（货币单位）"},
    "widgets.staff.profit_title": {"en": "Profit by segment: total {total}",
                                   "zh": "各客户群的利润：合计 {total}"},
    "widgets.retention.title": {
        "en": "Keeping customers: complaint desk (投诉管理) and loyalty programmes (忠诚计划)",
        "zh": "留住客户：投诉管理与忠诚计划",
    },
    "widgets.retention.desk_staff": {"en": "complaint handlers", "zh": "投诉处理人员"},
    "widgets.retention.quality": {"en": "handled well (in time)",
                                  "zh": "处理得当的比例（及时处理时）"},
    "widgets.retention.recovery": {"en": "service recovery strength (disputed)",
                                   "zh": "服务补救效应强度（有争议）"},
    "widgets.retention.programme": {"en": "loyalty programme", "zh": "忠诚计划"},
    "widgets.retention.cost": {"en": "cost per member per month (currency)",
                               "zh": "每位会员每月成本（货币单位）"},
    "widgets.retention.churn_reduction": {"en": "share of churn removed",
                                          "zh": "减少的流失比例"},
    "widgets.retention.sow": {"en": "extra share of wallet", "zh": "额外的钱包份额"},
    "widgets.retention.intro": {
        "en": "Compared with a baseline of the same customers with <i>no</i> programme and "
              "the scenario's complaint desk. One-off vouchers and follow-up reminders are not "
              "in the model yet.",
        "zh": "与基准比较：同一批客户，<i>没有</i>忠诚计划，投诉台按情景设定。一次性礼券和"
              "跟进提醒尚未纳入模型。",
    },
    "widgets.retention.baseline": {"en": "baseline", "zh": "基准"},
    "widgets.retention.levers": {"en": "levers", "zh": "你的措施"},
    "widgets.retention.with_levers": {"en": "with your levers", "zh": "采用你的措施"},
    "widgets.retention.plot_title": {"en": "Retention: baseline vs your levers",
                                     "zh": "客户保留：基准与你的措施"},
    "widgets.retention.profit_ylabel": {"en": "discounted profit, all segments (currency)",
                                        "zh": "所有客户群的贴现利润（货币单位）"},
    "widgets.retention.pays": {"en": "The levers pay: {gain}", "zh": "这些措施值得：{gain}"},
    "widgets.retention.does_not_pay": {"en": "The levers do not pay: {gain}",
                                       "zh": "这些措施不值得：{gain}"},
    "widgets.retention.run.baseline (no programme)": {"en": "baseline (no programme)",
                                                      "zh": "基准（无忠诚计划）"},
    "widgets.retention.run.with your levers": {"en": "with your levers", "zh": "采用你的措施"},
    "widgets.programme.none": {"en": "none", "zh": "无"},
    "widgets.programme.club": {"en": "club", "zh": "客户俱乐部"},
    "widgets.programme.points": {"en": "points", "zh": "积分卡"},
    "widgets.programme.magazine": {"en": "magazine", "zh": "客户杂志或信函"},
    "widgets.programme.events": {"en": "events", "zh": "特别活动邀请"},
    "widgets.programme.call_centre": {"en": "call_centre", "zh": "呼叫中心"},
    "widgets.programme.other": {"en": "other", "zh": "其他"},
    "widgets.luxury.title": {
        "en": "Where relationships become luxurious (奢侈的): best level over mutual "
              "importance × switching cost",
        "zh": "客户关系在哪里变得奢侈：按彼此具有重要意义 × 转移成本看最佳关系层次",
    },
    "widgets.luxury.annual_wallet": {"en": "annual wallet per customer (size)",
                                     "zh": "每位客户的年采购额（规模）"},
    "widgets.luxury.cost_per_hour": {"en": "account-manager cost per hour (客户经理)",
                                     "zh": "客户经理每小时成本"},
    "widgets.luxury.along": {"en": "break-even along", "zh": "盈亏平衡参数"},
    "widgets.luxury.n_replications": {"en": "replications (simulation check)",
                                      "zh": "重复次数（模拟检验）"},
    "widgets.luxury.check": {"en": "check with simulation", "zh": "用模拟检验"},
    "widgets.luxury.intro": {
        "en": "Each point of the map is the chosen segment with that mutual importance "
              "(彼此具有重要意义) and switching cost (转移成本), evaluated at every level by "
              "the analytic engine; colour = the level that earns most per customer. The "
              "white box is the textbook corner (both ≥ {high}). Staff are unlimited here "
              "(competition for account managers is notebook 05). <b>check with "
              "simulation</b> runs SimPy replications at three points (+ on the map).",
        "zh": "图上每个点是所选客户群在该点的彼此具有重要意义和转移成本下的"
              "情形，由解析引擎在每个关系层次下计算；颜色是每位客户利润最高的层次。白框是教材"
              "所说的区域（两者都 ≥ {high}）。这里客户经理不受限（争用客户经理见第 05 个笔记"
              "本）。<b>用模拟检验</b> 在三个点（图上的 +）运行 SimPy 重复模拟。",
    },
    "widgets.luxury.verdicts": {"en": "<b>Verdicts</b> (the segment's own point, sliders "
                                      "applied):",
                                "zh": "<b>判断</b>（该客户群自身的取值，已应用滑块）："},
    "widgets.luxury.break_evens": {"en": "<b>Break-even read-outs</b> (the segment's own "
                                         "point, sliders applied):",
                                   "zh": "<b>盈亏平衡点</b>（该客户群自身的取值，已应用滑块）："},
    "widgets.luxury.balanced": {"en": "balanced", "zh": "均衡"},
    "widgets.luxury.dominated": {"en": "one side dominates", "zh": "一方占优"},
    "widgets.luxury.rule": {
        "en": "<b>Textbook rule vs the map</b> (bargaining power {power}): partnership or "
              "above is best on {deep} of the map; {inside} of that region lies in the "
              "textbook corner; partnership or above is best on {corner} of the corner; rule "
              "and map agree on {agree} of the map.",
        "zh": "<b>教材规则与图的对比</b>（谈判能力{power}）：合作伙伴关系或更高层次在图中 "
              "{deep} 的区域最佳；该区域有 {inside} 落在教材所说的区域内；在教材区域中，合作"
              "伙伴关系或更高层次在 {corner} 的区域最佳；规则与图在 {agree} 的区域一致。",
    },
    "widgets.luxury.map_title": {
        "en": "Best level for {segment} (customer power {power})\ndashed: where partnership "
              "starts to pay; dotted box: textbook corner",
        "zh": "{segment}的最佳关系层次（客户的谈判能力 {power}）\n虚线：合作伙伴关系开始值得"
              "之处；点线框：教材区域",
    },
    "widgets.luxury.the_segment": {"en": "the segment", "zh": "该客户群"},
    "widgets.luxury.check_title": {
        "en": "Simulation check: mean and CI of {n} replications\n(× = analytic value)",
        "zh": "模拟检验：{n} 次重复的均值与置信区间\n（× = 解析值）",
    },
    "widgets.luxury.check_tick": {"en": "importance {importance:g}\nswitching {switching:g}",
                                  "zh": "重要性 {importance:g}\n转移成本 {switching:g}"},
    "widgets.luxury.press_check": {
        "en": "Press 'check with simulation'\nto compare the map with\nSimPy replications at "
              "the + points",
        "zh": "按“用模拟检验”，\n在 + 点用 SimPy 重复模拟\n检验这张图",
    },
    "widgets.along.switching_cost": {"en": "switching cost (转移成本)", "zh": "转移成本"},
    "widgets.along.mutual_importance": {"en": "mutual importance (彼此具有重要意义)",
                                        "zh": "彼此具有重要意义"},
    "widgets.along.mutual_need": {"en": "mutual need (彼此需要)", "zh": "彼此需要"},
    "widgets.along.customer_power": {"en": "customer's bargaining power (谈判能力)",
                                     "zh": "客户的谈判能力"},
    "widgets.along.annual_wallet": {"en": "annual wallet (size)", "zh": "年采购额（规模）"},
    "widgets.along.staff.cost_per_hour": {"en": "staff cost per hour",
                                          "zh": "客户经理每小时成本"},
    # -- table headers shown under the explorers (crmsim.language.translate.column_label) ----------
    "column.state": {"en": "state", "zh": "状态"},
    "column.step": {"en": "step", "zh": "步骤"},
    "column.value": {"en": "value", "zh": "价值"},
    "column.change": {"en": "change", "zh": "变化"},
    "column.quantity": {"en": "quantity", "zh": "指标"},
    "column.level": {"en": "level", "zh": "关系层次"},
    "column.segment": {"en": "segment", "zh": "客户群"},
    "column.run": {"en": "run", "zh": "方案"},
    "column.value per customer": {"en": "value per customer", "zh": "每位客户的价值"},
    "column.extra vs level below": {"en": "extra vs level below", "zh": "比下一层次多"},
    "column.buying at end": {"en": "buying at end (customers)", "zh": "期末仍在购买（客户数）"},
    "column.contacts served": {"en": "contacts served", "zh": "联系服务率"},
    "column.manager hours needed per month": {"en": "manager hours needed per month",
                                              "zh": "每月所需客户经理工时"},
    "column.discounted profit": {"en": "discounted profit", "zh": "贴现利润"},
    "column.complaints answered in time": {"en": "complaints answered in time",
                                           "zh": "及时处理的投诉比例"},
    "column.programme cost (PV)": {"en": "programme cost, present value",
                                   "zh": "忠诚计划成本现值"},
    "column.complaint cost (PV)": {"en": "complaint cost, present value", "zh": "投诉成本现值"},
    "column.step up": {"en": "step up", "zh": "升级"},
    "column.extra cost per customer": {"en": "extra cost per customer",
                                       "zh": "每位客户额外成本"},
    "column.extra return per customer": {"en": "extra return per customer",
                                         "zh": "每位客户额外回报"},
    "column.luxury ratio": {"en": "luxury ratio", "zh": "奢侈比"},
    "column.verdict": {"en": "verdict", "zh": "判断"},
    "column.value_planned": {"en": "value per customer, planned",
                             "zh": "计划层次下每位客户的价值"},
    "column.value_best": {"en": "value per customer, best", "zh": "最佳层次下每位客户的价值"},
    "column.at_stake": {"en": "gain over the plan, all customers", "zh": "相对计划的总收益"},
    "column.cost_per_customer": {"en": "cost per customer", "zh": "每位客户的成本"},
    "column.return_per_customer": {"en": "return per customer", "zh": "每位客户的回报"},
    "column.value_per_customer_low": {"en": "value per customer, 95% interval low",
                                      "zh": "每位客户的价值 95% 区间下限"},
    "column.value_per_customer_high": {"en": "value per customer, 95% interval high",
                                       "zh": "每位客户的价值 95% 区间上限"},
    "column.value_per_customer_se": {"en": "standard error of the value per customer",
                                     "zh": "每位客户价值的标准误"},
    "column.value_per_customer_expected": {"en": "expected value per customer (analytic)",
                                           "zh": "每位客户的解析期望价值"},
    "column.firm_extra_per_month": {"en": "firm's extra value per month",
                                    "zh": "企业每月的额外价值"},
    "column.customer_gain_per_month": {"en": "customer's gain per month",
                                       "zh": "客户每月的收益"},
    "column.value_before": {"en": "value without the lever", "zh": "未采用措施时的价值"},
    "column.firm_profit_change": {"en": "change of the firm's profit", "zh": "企业利润的变化"},
    # (frame columns shown by crmsim.language.translate.display_frame)
    "frame.true": {"en": "True", "zh": "是"},
    "frame.false": {"en": "False", "zh": "否"},
    "column.customers_start": {"en": "customers at start", "zh": "期初客户数"},
    "column.source": {"en": "from", "zh": "来源"},
    "column.target": {"en": "to", "zh": "去向"},
    "column.customers_per_month": {"en": "customers per month", "zh": "每月客户数"},
    "column.cheaper_level": {"en": "cheaper level", "zh": "便宜一级的层次"},
    "column.best_level": {"en": "best level", "zh": "最佳层次"},
    "column.clear": {"en": "clear", "zh": "明确"},
    "column.extra_cost": {"en": "extra cost", "zh": "额外成本"},
    "column.extra_return": {"en": "extra return", "zh": "额外回报"},
    "column.extra_profit_low": {"en": "extra profit, low", "zh": "额外利润下限"},
    "column.extra_profit_high": {"en": "extra profit, high", "zh": "额外利润上限"},
    "column.buying_end": {"en": "buying at end", "zh": "期末仍在购买"},
    "column.served_fraction": {"en": "contacts served", "zh": "联系服务率"},
    "column.ci_low": {"en": "95% interval, low", "zh": "95% 区间下限"},
    "column.ci_high": {"en": "95% interval, high", "zh": "95% 区间上限"},
    "column.n": {"en": "replications", "zh": "重复次数"},
    "column.parameter": {"en": "parameter", "zh": "参数"},
    "column.low": {"en": "low", "zh": "低值"},
    "column.high": {"en": "high", "zh": "高值"},
    "column.output_low": {"en": "output at low", "zh": "低值时的输出"},
    "column.output_high": {"en": "output at high", "zh": "高值时的输出"},
    "column.swing": {"en": "swing", "zh": "变动幅度"},
    "column.account managers": {"en": "account managers", "zh": "客户经理人数"},
    "column.payroll": {"en": "payroll", "zh": "工资"},
    "column.idle payroll": {"en": "idle payroll", "zh": "闲置工资"},
    "column.complaint handlers": {"en": "complaint handlers", "zh": "投诉处理人员"},
    "column.answered in time": {"en": "answered in time", "zh": "及时处理的投诉比例"},
    # -- segment names of the shipped presets (crmsim.language.translate.segment_label) ------------
    # ("en" is the name itself, so English output shows the name as written)
    # classroom
    "segment.ordinary customers": {"en": "ordinary customers", "zh": "普通客户"},
    "segment.important customers": {"en": "important customers", "zh": "重要客户"},
    "segment.key accounts": {"en": "key accounts", "zh": "大客户"},
    "segment.prospects": {"en": "prospects", "zh": "潜在客户"},
    # broker
    "segment.current clients": {"en": "current clients", "zh": "现实客户"},
    "segment.target clients": {"en": "target clients", "zh": "目标客户"},
    "segment.potential clients": {"en": "potential clients", "zh": "潜在客户"},
    # dell (and key accounts above)
    "segment.T-type": {"en": "T-type", "zh": "T型客户"},
    "segment.R-type": {"en": "R-type", "zh": "R型客户"},
    # b2b_supplier (and important customers above)
    "segment.dealers": {"en": "dealers", "zh": "经销商"},
    "segment.public buyers": {"en": "public buyers", "zh": "公利客户"},
    "segment.small buyers": {"en": "small buyers", "zh": "小客户"},
    "segment.prospective dealers": {"en": "prospective dealers", "zh": "潜在经销商"},
    # -- the shipped presets: names as the dashboard lists them (files and URLs keep the
    # names) and descriptions ("en" is the preset file's own text, word for word:
    # crmsim.language.translate.scenario_description) ------------------------------------
    "preset.classroom": {"en": "classroom", "zh": "课堂示例"},
    "preset.classroom.description": {
        "en": "Default teaching scenario: a mixed book of 300 ordinary consumer customers, 60 "
              "important relationship-minded (R-type) customers, 12 key accounts with high mutual "
              "importance and switching cost, and 80 prospects still to be won; two account "
              "managers and one complaint handler; five years at a 10 % discount rate.",
        "zh": "默认教学情景：一个混合的客户组合，有 300 位普通消费者客户、"
              "60 位注重关系的重要客户（R型客户）、12 位彼此具有重要意义且转移成本高的大客户，"
              "以及 80 位尚待争取的潜在客户；两名客户经理和一名投诉处理人员；五年，年贴现率 10 %。",
    },
    "preset.b2b_supplier": {"en": "B2B supplier", "zh": "B2B 供应商"},
    "preset.b2b_supplier.description": {
        "en": "Industrial supplier: 120 dealers (intermediary customers) carrying most of the "
              "volume, 6 important direct customers with high mutual importance and switching "
              "cost, 15 public-sector buyers who buy by tender, 400 small direct buyers and 40 "
              "prospective dealers; industrial churn is slow; three account managers and two "
              "complaint handlers; five years at a 9 % discount rate.",
        "zh": "工业品供应商：120 家经销商（中间商客户）承担大部分销量，"
              "6 位彼此具有重要意义且转移成本高的重要直接客户，"
              "15 家通过招标采购的公利客户（公共部门），"
              "400 位小型直接客户和 40 家潜在经销商；工业品客户流失缓慢；"
              "三名客户经理和两名投诉处理人员；五年，年贴现率 9 %。",
    },
    "preset.broker": {"en": "broker", "zh": "经纪商"},
    "preset.broker.description": {
        "en": "A broker's book graded as the texts do: 150 current clients (现行客户) already "
              "buying, 120 target clients (目标客户) being developed toward a first purchase (hot "
              "leads), and 400 potential clients (潜在客户) with a need but no contact yet "
              "(cooler leads); commission business with a high margin, three advisers, follow-up "
              "by regular touch points; five years at a 10 % discount rate.",
        "zh": "按教材方式分级的经纪商客户簿：150 位已在购买的现实客户，"
              "120 位正在培养、有望首次购买的目标客户（热线索），"
              "以及 400 位有需求但尚未接触的潜在客户（冷线索）；佣金业务毛利高，三名顾问，"
              "通过定期的接触点跟进；五年，年贴现率 10 %。",
    },
    "preset.dell": {"en": "Dell", "zh": "戴尔"},
    "preset.dell.description": {
        "en": "Dell-style direct seller: 1,500 T-type customers (transactional, price-driven, "
              "small), 200 R-type customers (larger, relationship-oriented, preferred supplier) "
              "and 8 key accounts picked from the R-type, each worth dozens of R-type and "
              "hundreds of T-type customers (partnership); thin hardware margins and four account "
              "managers shared by all levels; five years at a 10 % discount rate.",
        "zh": "戴尔式直销商：1,500 位 T型客户（买卖关系，看重价格，规模小），"
              "200 位 R型客户（规模较大，注重关系，优先供应关系），"
              "以及从 R型客户中挑出的 8 位大客户，"
              "每位抵得上几十位 R型客户和几百位 T型客户（合作伙伴关系）；"
              "硬件毛利薄，四名客户经理由所有层次共用；五年，年贴现率 10 %。",
    },
    # -- crmsim.cli --------------------------------------------------------------------
    "cli.demo.start": {
        "en": "crmsim demo: '{name}', {months} months; each segment at each of {n_levels} "
              "levels, the others as planned (same customers, seed {seed})",
        "zh": "crmsim 演示：情景“{name}”，{months} 个月；每个客户群依次采用 {n_levels} 个关系层次，"
              "其他客户群保持计划层次（相同的客户，随机种子 {seed}）",
    },
    "cli.demo.clv_note": {
        "en": "still buying = customers of month 0 still buying at the end. CLV = discounted "
              "profit per customer at the start (incl. customers they referred); 'expected' is "
              "the analytic value, which picks the best level. Too close to call: the "
              "runner-up is within two standard errors of a run like this one.",
        "zh": "仍在购买 = 期初客户中到期末仍在购买的人数。客户终身价值（CLV）= "
              "期初每位客户的贴现利润（含其推荐来的客户）；“期望值”是解析引擎算出的值，"
              "最佳层次据此选出。难以判定：次优层次与最佳层次之差小于此类单次运行的两个标准误。",
    },
    "cli.demo.wrote": {"en": "Wrote {n} files to {folder} in {seconds:.1f} s",
                       "zh": "已将 {n} 个文件写入 {folder}，用时 {seconds:.1f} 秒"},
    "cli.new_scenario.wrote": {
        "en": "Wrote a commented scenario template to {path}; edit it, then run "
              "'crmsim validate {path}'.",
        "zh": "已将带注释的情景模板写入 {path}；修改后请运行“crmsim validate {path}”。",
    },
    "cli.new_scenario.wrote_preset": {
        "en": "Wrote a copy of the preset '{preset}' to {path}, every value and comment "
              "kept; give it your client's name and description, edit it, then run "
              "'crmsim validate {path}'.",
        "zh": "已将内置情景“{preset}”的副本写入 {path}，保留了全部数值和注释；请改为你的客户的"
              "名称和描述并修改，然后运行“crmsim validate {path}”。",
    },
    "cli.validate.problem": {"en": "crmsim: {n} problem in {file}.",
                             "zh": "crmsim：{file} 中有 {n} 个问题。"},
    "cli.validate.problems": {"en": "crmsim: {n} problems in {file}.",
                              "zh": "crmsim：{file} 中有 {n} 个问题。"},
    "cli.validate.valid": {
        "en": "{file}: valid scenario '{name}' with {n_segments} segment(s) and {n_levels} "
              "levels.",
        "zh": "{file}：有效的情景“{name}”，含 {n_segments} 个客户群和 {n_levels} 个关系层次。",
    },
    "cli.run.start": {"en": "crmsim run: '{name}', {n} replications, seed {seed}",
                      "zh": "crmsim 运行：情景“{name}”，{n} 次重复，随机种子 {seed}"},
    "cli.run.best": {"en": "  {segment}: best level {level}, {value} per customer",
                     "zh": "  {segment}：最佳层次为{level}，每位客户 {value}"},
    "cli.run.best_unclear": {
        "en": "  {segment}: best level {level}, {value} per customer, too close to call",
        "zh": "  {segment}：最佳层次为{level}，每位客户 {value}，但难以判定",
    },
    "cli.run.wrote": {"en": "Wrote {report} and {n} other files in {seconds:.1f} s",
                      "zh": "已写入 {report} 及另外 {n} 个文件，用时 {seconds:.1f} 秒"},
    "cli.compare.start": {
        "en": "crmsim compare: B = {b} minus A = {a}; {n} replications on common random "
              "numbers (seed {seed}); {confidence}% intervals",
        "zh": "crmsim 比较：B = {b} 减去 A = {a}；基于共同随机数的 {n} 次重复（随机种子 {seed}）；"
              "{confidence}% 区间",
    },
    "cli.yes": {"en": "yes", "zh": "是"},
    "cli.no": {"en": "no", "zh": "否"},
    "cli.wrote": {"en": "Wrote {path}", "zh": "已写入 {path}"},
    "cli.interrupted": {"en": "crmsim: interrupted; files already written are complete.",
                        "zh": "crmsim：已中断；已经写入的文件都是完整的。"},
    # -- one-line summaries of the commands in `crmsim --help` (option help stays English)
    "cli.help.description": {
        "en": "Customer lifecycles under four relationship levels, and when partnership or "
              "alliance become luxurious.",
        "zh": "四种关系层次下的客户生命周期，以及合作伙伴关系或战略联盟何时变得奢侈。",
    },
    "cli.help.demo": {"en": "run the default scenario at every level; print and save the "
                            "results",
                      "zh": "在每个关系层次下运行默认情景；打印并保存结果"},
    "cli.help.new-scenario": {"en": "write a commented scenario template (every field "
                                    "explained), or with --preset a copy of a built-in "
                                    "scenario to start from",
                              "zh": "写出带注释的情景模板（逐一说明每个字段），或用 --preset "
                                    "写出某个内置情景的副本作为起点"},
    "cli.help.validate": {"en": "list every problem in a scenario file (exit status 1 if any)",
                          "zh": "列出情景文件中的所有问题（如有问题，退出状态为 1）"},
    "cli.help.run": {"en": "run a scenario; write an HTML report, CSV tables and a manifest",
                     "zh": "运行一个情景；写出 HTML 报告、CSV 表格和运行清单"},
    "cli.help.compare": {
        "en": "differences in outcomes between two scenarios (B minus A), with confidence "
              "intervals from common random numbers",
        "zh": "两个情景的结果之差（B 减 A），附基于共同随机数的置信区间",
    },
    "cli.help.calibrate": {
        "en": "estimate lifecycle parameters from data and write them into a scenario file",
        "zh": "根据数据估计生命周期参数，并写入情景文件",
    },
    "cli.help.calibrate.transitions": {
        "en": "monthly transition probabilities from a customer-state history CSV (customer, "
              "month, state[, segment])",
        "zh": "根据客户状态历史 CSV（customer, month, state[, segment]）估计月度转移概率",
    },
    "cli.help.calibrate.cohort": {
        "en": "shifted-beta-geometric churn from a cohort retention CSV (period, active)",
        "zh": "根据同期群保留表 CSV（period, active）拟合移位贝塔几何（sBG）流失率",
    },
    "cli.help.dashboard": {"en": "start the trainer dashboard (Voilà) in the browser; binds "
                                 "{ip} unless --ip says otherwise",
                           "zh": "在浏览器中启动培训师仪表板（Voilà）；除非用 --ip 另行指定，"
                                 "只监听 {ip}"},
    "cli.help.notebooks": {"en": "copy the course (teaching notebooks, student exercises; "
                                 "with --trainer also the exercises with solutions) into a folder",
                           "zh": "把课程（教学笔记本、学生练习；加 --trainer 时还有带答案的练习）"
                                 "复制到一个文件夹"},
    "cli.notebooks.wrote": {
        "en": "Copied {n} notebooks to {folder}; open them with: jupyter lab {folder}",
        "zh": "已将 {n} 个笔记本复制到 {folder}；打开方式：jupyter lab {folder}"},
    "cli.notebooks.not_folder": {
        "en": "DEST must be a folder; received the file '{dest}'.",
        "zh": "DEST 必须是一个文件夹；收到的是文件 '{dest}'。"},
    "cli.notebooks.not_empty": {
        "en": "the folder '{dest}' is not empty; choose a new folder, or add --force to "
              "overwrite the course's notebooks in it.",
        "zh": "文件夹 '{dest}' 不是空的；请换一个新文件夹，"
              "或者加上 --force 覆盖其中的课程笔记本。"},
    "cli.notebooks.no_course": {
        "en": "this installation of crmsim has no course notebooks; install it from a wheel or "
              "the source repository.",
        "zh": "这个 crmsim 安装中没有课程笔记本；请从 wheel 或源代码仓库安装。"},
    "cli.notebooks.trainer": {
        "en": "The exercises with solutions are in {trainer}: keep them for yourself and hand "
              "out {students}.",
        "zh": "带答案的练习在 {trainer}：请自己保留，只把 {students} 发给学生。"},
    # -- argparse's own texts: each English text is argparse's format string (or a crmsim
    # argument type's message), read back from the message by crmsim.cli.options.argparse_text
    "cli.usage.prefix": {"en": "usage: ", "zh": "用法："},
    "cli.usage.error": {"en": "{prog}: error: {message}", "zh": "{prog}：错误：{message}。"},
    "cli.usage.positionals": {"en": "positional arguments", "zh": "位置参数"},
    "cli.usage.options": {"en": "options", "zh": "选项"},
    "cli.usage.help": {"en": "show this help message and exit", "zh": "显示此帮助信息并退出"},
    "cli.usage.argument": {"en": "argument {argument}: {message}",
                           "zh": "参数 {argument}：{message}"},
    "cli.usage.required": {"en": "the following arguments are required: {names}",
                           "zh": "缺少必需的参数：{names}"},
    "cli.usage.unrecognized": {"en": "unrecognized arguments: {names}",
                               "zh": "无法识别的参数：{names}"},
    "cli.usage.invalid_choice": {"en": "invalid choice: {value} (choose from {choices})",
                                 "zh": "无效的选择 {value}（可选：{choices}）"},
    "cli.usage.invalid_value": {"en": "invalid {type} value: {value}",
                                "zh": "无效的 {type} 值：{value}"},
    "cli.usage.expected_one": {"en": "expected one argument", "zh": "需要一个值"},
    "cli.usage.expected_some": {"en": "expected at least one argument",
                                "zh": "至少需要一个值"},
    "cli.usage.ambiguous": {"en": "ambiguous option: {option} could match {matches}",
                            "zh": "选项 {option} 有歧义，可能是 {matches}"},
    "cli.usage.one_required": {"en": "one of the arguments {names} is required",
                               "zh": "必须给出参数 {names} 之一"},
    "cli.usage.not_allowed": {"en": "not allowed with argument {name}",
                              "zh": "不能与参数 {name} 同时使用"},
    "cli.usage.ignored": {"en": "ignored explicit argument {value}",
                          "zh": "此选项不带值，却收到了 {value}"},
    "cli.arg.whole_number": {"en": "expected a whole number; received '{text}'",
                             "zh": "应为整数；收到的是 '{text}'"},
    "cli.arg.at_least_one": {"en": "expected a whole number >= 1; received {value}",
                             "zh": "应为 >= 1 的整数；收到的是 {value}"},
    "cli.arg.seconds": {"en": "expected a number of seconds; received '{text}'",
                        "zh": "应为秒数；收到的是 '{text}'"},
    "cli.arg.positive_seconds": {"en": "expected a positive number of seconds; received {text}",
                                 "zh": "应为正的秒数；收到的是 {text}"},
    "cli.arg.confidence": {"en": "expected a number in [0.5, 1); received '{text}'",
                           "zh": "应为 [0.5, 1) 内的数；收到的是 '{text}'"},
    "cli.arg.months": {"en": "expected a number in (0, 120]; received '{text}'",
                       "zh": "应为 (0, 120] 内的数；收到的是 '{text}'"},
    "cli.arg.language": {"en": "expected en or zh (also zh-CN, zh_CN, zh-Hans); received '{text}'",
                         "zh": "应为 en 或 zh（也可写 zh-CN、zh_CN、zh-Hans）；收到的是 '{text}'"},
    "cli.arg.range": {"en": "expected PATH=LOW:HIGH; received '{text}'",
                      "zh": "应为 PATH=LOW:HIGH；收到的是 '{text}'"},
    "cli.arg.range_numbers": {"en": "expected PATH=LOW:HIGH with two numbers; received '{text}'",
                              "zh": "应为 PATH=LOW:HIGH，且 LOW 和 HIGH 为两个数；"
                                    "收到的是 '{text}'"},
    "cli.help.glossary": {"en": "print the English / Chinese glossary of the domain texts",
                          "zh": "打印领域教材的英文 / 中文术语表"},
    "cli.help.build-exercises": {
        "en": "generate student and trainer notebooks from the exercise masters (in a source "
              "checkout; --check: exit 1 if any is out of date); after pip install, "
              "'crmsim notebooks DEST --trainer' copies the built ones",
        "zh": "根据练习母版生成学生版和教师版笔记本（需要源代码检出；--check：如有过期的笔记本，"
              "退出状态为 1）；pip 安装后，用“crmsim notebooks DEST --trainer”复制已生成的笔记本",
    },
    "cli.help.build-course": {
        "en": "generate the Chinese teaching and exercise notebooks from the English sources "
              "and their translation catalogues (in a source checkout; --check: exit 1 if any "
              "is out of date)",
        "zh": "根据英文源文件和翻译目录生成中文教学笔记本和练习笔记本（需要源代码检出；--check："
              "如有过期的笔记本，退出状态为 1）",
    },
    "cli.help.grade": {
        "en": "run submitted exercise notebooks headless and grade every question (runs "
              "student code with your privileges: use a container for untrusted classes)",
        "zh": "在后台运行提交的练习笔记本并为每道题评分（学生代码以你的权限运行："
              "对不可信的班级请在容器中评分）",
    },
    # -- crmsim calibrate (crmsim.analysis.calibration) -----------------------------------------
    "calibrate.transitions.start": {
        "en": "Monthly transition probabilities per segment from {file} (MLE n/n_from, "
              "{confidence:.0%} Wilson intervals):",
        "zh": "各客户群的月度转移概率，数据来自 {file}（最大似然估计 = 转移次数 / 观测月数，"
              "{confidence:.0%} Wilson 置信区间）：",
    },
    "calibrate.transitions.base": {
        "en": "Base lifecycle rates for reference segment '{segment}' at level '{level}' "
              "(observed moves with the segment's and level's mechanisms taken out):",
        "zh": "参照客户群“{segment}”在关系层次“{level}”下的基准生命周期概率"
              "（已从观测到的转移中剔除该客户群和该关系层次的作用机制）：",
    },
    "calibrate.transitions.wrote": {
        "en": "Wrote {path} (lifecycle = these estimates; everything else from {scenario}).",
        "zh": "已写入 {path}（生命周期 = 上述估计值；其余内容均取自 {scenario}）。",
    },
    "calibrate.none_moved.churn": {
        "en": "Warning: {field} = 0 because none of the {n_from} observed monthly moves of "
              "{from_state} customers went to {to_state}; 0 is the maximum-likelihood "
              "estimate, its {confidence:.0%} interval reaches {high:.4f}, and a churn of 0 "
              "means these customers never leave.",
        "zh": "警告：{field} = 0，因为观测到的 {n_from} 次{from_state}月度转移中没有一次转为"
              "{to_state}；0 是最大似然估计，其 {confidence:.0%} 置信区间上限为 {high:.4f}，"
              "而流失率为 0 意味着这些客户永远不会离开。",
    },
    "calibrate.none_moved.rate": {
        "en": "Warning: {field} = 0 because none of the {n_from} observed monthly moves of "
              "{from_state} customers went to {to_state}; 0 is the maximum-likelihood "
              "estimate, its {confidence:.0%} interval reaches {high:.4f}, and a rate of 0 "
              "means no {from_state} customer ever moves to {to_state}.",
        "zh": "警告：{field} = 0，因为观测到的 {n_from} 次{from_state}月度转移中没有一次转为"
              "{to_state}；0 是最大似然估计，其 {confidence:.0%} 置信区间上限为 {high:.4f}，"
              "而该概率为 0 意味着{from_state}永远不会转为{to_state}。",
    },
    "calibrate.none_moved.floor": {
        "en": "Warning: {field} = 0 because none of the {n_from} observed monthly moves of "
              "{from_state} customers went to {to_state}; 0 is the maximum-likelihood "
              "estimate, its {confidence:.0%} interval reaches {high:.4f}, and even at 0 the "
              "scenario's other mechanisms (such as complaints) give the reference segment "
              "{floor:.4f} a month, so the model still shows some of these moves.",
        "zh": "警告：{field} = 0，因为观测到的 {n_from} 次{from_state}月度转移中没有一次转为"
              "{to_state}；0 是最大似然估计，其 {confidence:.0%} 置信区间上限为 {high:.4f}，"
              "而即使取 0，情景中的其他作用机制（如投诉）也使参照客户群每月有 {floor:.4f} "
              "的概率发生这种转移，因此模型中仍会出现这种转移。",
    },
    "calibrate.note.none_moved": {"en": "none of {n_from} moved",
                                  "zh": "{n_from} 次中无一转移"},
    "calibrate.clipped.floor": {
        "en": "Warning: {field} = 0 although {n} of the {n_from} observed monthly moves of "
              "{from_state} customers went to {to_state} ({observed:.4f}): even at 0, the "
              "lowest value there is, the scenario's other mechanisms (such as complaints) "
              "give the reference segment {floor:.4f} a month, so the model shows more of "
              "these moves than the data.",
        "zh": "警告：{field} = 0，尽管观测到的 {n_from} 次{from_state}月度转移中有 {n} 次转为"
              "{to_state}（{observed:.4f}）：即使取最低值 0，情景中的其他作用机制（如投诉）"
              "也使参照客户群每月有 {floor:.4f} 的概率发生这种转移，"
              "因此模型中的这种转移比数据中的多。",
    },
    "calibrate.clipped.room": {
        "en": "Warning: {field} = 0 although {n} of the {n_from} observed monthly moves of "
              "{from_state} customers went to {to_state} ({observed:.4f}): the other monthly "
              "chances of {from_state} customers in the reference segment (the scenario's or "
              "just estimated) leave it no room, so the model shows fewer of these moves than "
              "the data.",
        "zh": "警告：{field} = 0，尽管观测到的 {n_from} 次{from_state}月度转移中有 {n} 次转为"
              "{to_state}（{observed:.4f}）：参照客户群中{from_state}的其他月度概率（情景给定的"
              "或刚估计的）已不给它留任何余地，因此模型中的这种转移比数据中的少。",
    },
    "calibrate.note.clipped.floor": {"en": "{n} moved; the model gives {floor:.4f} at 0",
                                     "zh": "{n} 次转移；取 0 时模型已为 {floor:.4f}"},
    "calibrate.note.clipped.room": {"en": "{n} moved; no room left",
                                    "zh": "{n} 次转移；已无余地"},
    "calibrate.cohort.start": {
        "en": "Shifted-beta-geometric fit to {file} ({periods} periods, cohort of {size:.0f}), "
              "{confidence:.0%} Wald intervals:",
        "zh": "对 {file} 拟合移位贝塔几何（sBG）模型（{periods} 期，同期群规模 {size:.0f}），"
              "{confidence:.0%} Wald 置信区间：",
    },
    "calibrate.cohort.not_identified": {"en": "[not identified]", "zh": "[无法识别]"},
    "calibrate.cohort.degenerate": {
        "en": "  DEGENERATE FIT: {reason}; no Wald interval holds here, so the mean churn "
              "interval below is a profile-likelihood interval.",
        "zh": "  退化拟合：{reason}；此处 Wald 区间不成立，下面的平均流失率区间是剖面似然区间。",
    },
    "calibrate.cohort.mean_churn": {
        "en": "  mean churn = {value:.4f} per period  [{low:.4f}, {high:.4f}]",
        "zh": "  平均流失率 = 每期 {value:.4f}  [{low:.4f}, {high:.4f}]",
    },
    "calibrate.cohort.monthly": {
        "en": "  = {value} per month  [{low:.5f}, {high:.5f}]  (period = {months:g} months) "
              "-> lifecycle.{field}",
        "zh": "  = 每月 {value}  [{low:.5f}, {high:.5f}]（每期 = {months:g} 个月）"
              "-> lifecycle.{field}",
    },
    "calibrate.wrote": {"en": "Wrote {path}.", "zh": "已写入 {path}。"},
    "calibrate.nothing_written": {
        "en": "Nothing written; add --write FILE to save a calibrated scenario.",
        "zh": "未写入任何文件；加上 --write FILE 即可保存校准后的情景。",
    },
    "calibrate.all": {"en": "(all)", "zh": "（全部）"},
    "calibrate.col.segment": {"en": "segment", "zh": "客户群"},
    "calibrate.col.from_state": {"en": "from_state", "zh": "起始状态"},
    "calibrate.col.to_state": {"en": "to_state", "zh": "转入状态"},
    "calibrate.col.n": {"en": "n", "zh": "转移次数"},
    "calibrate.col.n_from": {"en": "n_from", "zh": "观测月数"},
    "calibrate.col.p": {"en": "p", "zh": "概率"},
    "calibrate.col.low": {"en": "low", "zh": "下限"},
    "calibrate.col.high": {"en": "high", "zh": "上限"},
    "calibrate.col.field": {"en": "field", "zh": "字段"},
    "calibrate.col.observed": {"en": "observed", "zh": "观测值"},
    "calibrate.col.estimate": {"en": "estimate", "zh": "估计值"},
    "calibrate.col.current": {"en": "current", "zh": "当前值"},
    "calibrate.col.note": {"en": "note", "zh": "说明"},
    # -- crmsim build-exercises (crmsim.classroom.build) --------------------------------
    "build.stale": {"en": "stale: {path}", "zh": "已过期：{path}"},
    "build.needs_source": {
        "en": "'{command}' builds notebooks from the exercise masters "
              "(exercises/masters/exNN_name.py), which only crmsim's source repository holds, "
              "and the folder {folder} has none; run it in a clone of the source (or give "
              "{option}), or get the built student and trainer notebooks with "
              "'crmsim notebooks DEST --trainer'.",
        "zh": "“{command}”根据练习母版（exercises/masters/exNN_name.py）生成笔记本，"
              "这些母版只在 crmsim 的源代码仓库中，而文件夹 {folder} 中没有；请在源代码的克隆中运行"
              "（或用 {option} 指定），或用“crmsim notebooks DEST --trainer”获取已生成的"
              "学生版和教师版笔记本。",
    },
    "build.out_of_date": {
        "en": "crmsim: {n} generated notebook(s) out of date with their masters; run "
              "'crmsim build-exercises'.",
        "zh": "crmsim：有 {n} 个生成的笔记本与其母版不一致；请运行“crmsim build-exercises”。",
    },
    "build.up_to_date": {"en": "{n} generated notebooks up to date with their masters.",
                         "zh": "{n} 个生成的笔记本均与其母版一致。"},
    "build.wrote": {"en": "wrote {path}", "zh": "已写入 {path}"},
    "build.no_master": {"en": "no master for {path} (left as it is)",
                        "zh": "{path} 没有对应的母版（保持原样）"},
    "build.done": {"en": "{written} written, {fresh} already up to date.",
                   "zh": "已写入 {written} 个，{fresh} 个已是最新。"},
    "course.untranslated": {"en": "untranslated: {passage}", "zh": "未翻译：{passage}"},
    "course.up_to_date": {
        "en": "{n} Chinese notebooks up to date with their sources and catalogues.",
        "zh": "{n} 个中文笔记本均与其源文件和翻译目录一致。",
    },
    "course.unused": {"en": "unused translation: {entry}", "zh": "未使用的译文：{entry}"},
    "course.out_of_date": {
        "en": "crmsim: the Chinese course is out of date ({stale} notebook(s) stale, "
              "{untranslated} passage(s) untranslated, {unused} translation(s) unused); "
              "update the catalogues and run 'crmsim build-course'.",
        "zh": "crmsim：中文课程不是最新的（{stale} 个笔记本已过期，{untranslated} 段未翻译，"
              "{unused} 条译文未使用）；请更新翻译目录并运行“crmsim build-course”。",
    },
    # -- crmsim grade (crmsim.classroom.grading); the grades CSV itself stays English --------------
    "grade.progress": {"en": "grading", "zh": "评分中"},
    "grade.progress_unit": {"en": "notebook", "zh": "本"},
    "grade.start": {"en": "crmsim grade: {notebooks} of {students} in {seconds:.0f} s",
                    "zh": "crmsim 评分：{students}的 {notebooks}，用时 {seconds:.0f} 秒"},
    "grade.notebook": {"en": "{n} notebook", "zh": "{n} 个笔记本"},
    "grade.notebooks": {"en": "{n} notebooks", "zh": "{n} 个笔记本"},
    "grade.student": {"en": "{n} student", "zh": "{n} 名学生"},
    "grade.students": {"en": "{n} students", "zh": "{n} 名学生"},
    "grade.wrote": {"en": "Wrote {path} ({n} rows: student, notebook, question, result ...)",
                    "zh": "已写入 {path}（{n} 行，列为 student、notebook、question、result ……）"},
    "grade.nothing": {"en": "(nothing graded)", "zh": "（没有评分任何笔记本）"},
    "grade.problems": {"en": "Problems:", "zh": "问题："},
    "grade.problem_line": {"en": "  {student} ({notebook}): {problem}.",
                           "zh": "  {student}（{notebook}）：{problem}。"},
    "grade.problem_sep": {"en": "; ", "zh": "；"},
    "grade.col.student": {"en": "student", "zh": "学生"},
    "grade.col.notebook": {"en": "notebook", "zh": "笔记本"},
    "grade.col.exercise": {"en": "exercise", "zh": "练习"},
    "grade.col.correct": {"en": "correct", "zh": "正确"},
    "grade.col.recorded": {"en": "recorded", "zh": "已记录"},
    "grade.col.wrong": {"en": "wrong", "zh": "错误"},
    "grade.col.invalid": {"en": "invalid", "zh": "无效答案"},
    "grade.col.not_attempted": {"en": "not attempted", "zh": "未作答"},
    "grade.col.error": {"en": "error", "zh": "出错"},
    "grade.col.timeout": {"en": "timeout", "zh": "超时"},
    "grade.col.not_credited": {"en": "not credited", "zh": "不计分"},
    # Notebook problems: written to the CSV in English, printed in the current language
    # (crmsim.classroom.grading reads the English back with these templates: no format specs here).
    "grade.problem.unreadable": {"en": "not a readable notebook ({reason}); nothing was run",
                                 "zh": "不是可读取的笔记本（{reason}）；未运行任何内容"},
    "grade.problem.unknown_exercise": {
        "en": "cannot tell which exercise this is (no crmsim metadata and no exNN in the file "
              "name); nothing was run",
        "zh": "无法判断这是哪个练习（没有 crmsim 元数据，文件名中也没有 exNN）；未运行任何内容",
    },
    "grade.problem.not_run": {"en": "could not be run ({error})", "zh": "无法运行（{error}）"},
    "grade.problem.timeout": {
        "en": "did not finish within {seconds} s (cell {cell} was still running); the kernel "
              "was shut down",
        "zh": "未在 {seconds} 秒内运行完（第 {cell} 个单元格仍在运行）；内核已被关闭",
    },
    "grade.problem.dead_kernel": {
        "en": "the kernel died while running cell {cell} (did the notebook call exit() or "
              "crash Python?)",
        "zh": "运行第 {cell} 个单元格时内核终止了（笔记本是否调用了 exit() 或使 Python 崩溃？）",
    },
    "grade.problem.export_timeout": {
        "en": "the grader's final cell did not finish, so the answers could not be read back",
        "zh": "评分程序追加的最后一个单元格没有运行完，因此无法读回答案",
    },
    "grade.problem.no_answers": {
        "en": "the answers could not be read back from the notebook (was crmsim.classroom.feedback "
              "tampered with?)",
        "zh": "无法从笔记本中读回答案（crmsim.classroom.feedback 是否被篡改？）",
    },
    "grade.problem.cell_error": {
        "en": "{n} cell raised an error (first: cell {cell}, {error}); the other answers were "
              "graded",
        "zh": "{n} 个单元格出错（第一个：第 {cell} 个单元格，{error}）；其他答案照常评分",
    },
    "grade.problem.cell_errors": {
        "en": "{n} cells raised an error (first: cell {cell}, {error}); the other answers "
              "were graded",
        "zh": "{n} 个单元格出错（第一个：第 {cell} 个单元格，{error}）；其他答案照常评分",
    },
    "grade.problem.unchecked": {"en": "no cell checks {questions} (deleted?)",
                                "zh": "没有单元格检查 {questions}（被删除了？）"},
    "grade.problem.checker_differs": {
        "en": "the checker in the notebook differs from the grader's (modified, or another "
              "crmsim version); every answer was re-checked by the grader",
        "zh": "笔记本中的检查程序与评分程序的不同（被修改过，或来自另一个 crmsim 版本）；"
              "所有答案都已由评分程序重新检查",
    },
    "grade.problem.failed": {"en": "grading failed ({error})", "zh": "评分失败（{error}）"},
    "grade.problem.tampered": {
        "en": "the notebook reaches into the grader's records or internals ({what}); "
              "{questions} earned nothing",
        "zh": "笔记本触及评分程序的记录或内部（{what}）；{questions} 不得分",
    },
    "grade.problem.output_cut": {
        "en": "cell {cell} printed more than {chars} characters; the rest was not kept",
        "zh": "第 {cell} 个单元格输出超过 {chars} 个字符；其余部分未保留",
    },
    # -- dashboard (crmsim.views.dashboard) ----------------------------------------------------
    # -- scenario discovery (crmsim.analysis.discovery) ----------------------------------------
    "discovery.rule_comparison": {
        "en": "The texts' rule ({level} pays only where mutual importance, mutual need and "
              "switching cost are at least {high} and the customer's bargaining power is between "
              "{power_low} and {power_high}) is right for {agreement} of the sampled {segment}: it "
              "says "
              "{level} pays where the model finds it luxurious for {false_pays} (false \"pays\"), "
              "and luxurious where it pays for {false_luxurious} (false \"luxurious\").",
        "zh": "教材的规则（只有当彼此具有重要意义、彼此需要和转移成本都至少为 {high}，且客户的谈判"
              "能力在 {power_low} 到 {power_high} 之间时，{level}才值得）对抽样的{segment}中 "
              "{agreement} 的判断与模型一致：对其中 {false_pays} 的客户，规则说值得而模型认为奢侈"
              "（错判为“值得”）；对 {false_luxurious} 的客户，规则说奢侈而模型认为值得（错判为"
              "“奢侈”）。",
    },
    "discovery.rule_misses": {
        "en": " Its misses gather where {where}: that box holds {coverage} of them, and "
              "{density} of its points are misses.",
        "zh": "规则的漏判集中在{where}的区域：该框包含 {coverage} 的漏判，框内 {density} 的点"
              "是漏判。",
    },
    "discovery.box": {
        "en": "The model finds {level} {outcome} for {density} of the {segment} with {where} "
              "(box {number}; it holds {coverage} of all the points where {level} {outcome}).",
        "zh": "模型发现：在{where}的{segment}中，{level}对其中 {density} {outcome}（第 {number} "
              "个框；所有{level}{outcome}的点中有 {coverage} 落在框内）。",
    },
    "discovery.scattered": {
        "en": "{level} {outcome} for {segment} at only {count} of the {n} points sampled "
              "({share}): too few, or too scattered, to say where.",
        "zh": "在为{segment}抽样的 {n} 个点中，{level}只在 {count} 个点上{outcome}（{share}）："
              "太少或太分散，无法说明在哪些条件下如此。",
    },
    "discovery.no_box.pays": {"en": "{level} never pays for {segment} in these ranges.",
                              "zh": "在这些取值范围内，{level}对{segment}从不值得。"},
    "discovery.no_box.luxurious": {
        "en": "{level} is never luxurious for {segment} in these ranges.",
        "zh": "在这些取值范围内，{level}对{segment}从不奢侈。",
    },
    "discovery.no_box.best": {
        "en": "{level} is never the best level for {segment} in these ranges.",
        "zh": "在这些取值范围内，{level}从不是{segment}的最佳层次。",
    },
    "discovery.no_box.at_least": {
        "en": "Neither {level} nor a deeper level is ever best for {segment} in these ranges.",
        "zh": "在这些取值范围内，{level}及更深的层次都从不是{segment}的最佳层次。",
    },
    "discovery.anywhere": {"en": "any traits in the ranges", "zh": "取值范围内任何特征"},
    "discovery.outcome.pays": {"en": "pays", "zh": "值得"},
    "discovery.outcome.luxurious": {"en": "is luxurious", "zh": "是奢侈的"},
    "discovery.outcome.best": {"en": "is the best level", "zh": "是最佳层次"},
    "discovery.outcome.at_least": {"en": "or a deeper level is best",
                                   "zh": "或更深的层次最佳"},
    "discovery.condition.at_least": {"en": "{parameter} ≥ {low}", "zh": "{parameter} ≥ {low}"},
    "discovery.condition.at_most": {"en": "{parameter} ≤ {high}", "zh": "{parameter} ≤ {high}"},
    "discovery.condition.between": {"en": "{parameter} {low}–{high}",
                                    "zh": "{parameter}在 {low}–{high} 之间"},
    "discovery.question.pays": {"en": "Where does {level} pay for {segment}?",
                                "zh": "{level}在哪些情况下对{segment}值得？"},
    "discovery.question.luxurious": {"en": "Where is {level} luxurious for {segment}?",
                                     "zh": "{level}在哪些情况下对{segment}是奢侈的？"},
    "discovery.question.best": {"en": "Where is {level} the best level for {segment}?",
                                "zh": "{level}在哪些情况下是{segment}的最佳层次？"},
    "discovery.question.at_least": {
        "en": "Where is {level} or a deeper level best for {segment}?",
        "zh": "{level}或更深的层次在哪些情况下对{segment}最佳？",
    },
    "discovery.html.title": {"en": "Scenario discovery: {scenario}",
                             "zh": "情景发现：{scenario}"},
    "discovery.plot.coverage": {"en": "coverage (share of all points where it holds)",
                                "zh": "覆盖率（所有成立的点中落在框内的比例）"},
    "discovery.plot.density": {"en": "density (share of the box where it holds)",
                               "zh": "密度（框内成立的点的比例）"},
    "discovery.plot.n_restricted": {"en": "traits restricted", "zh": "受限的特征数"},
    "discovery.plot.reported": {"en": "reported box (step {step})",
                                "zh": "报告的框（第 {step} 步）"},
    "discovery.plot.trajectory_title": {
        "en": "{question}\nPeeling trajectory of box {number}: simpler to the right, purer up",
        "zh": "{question}\n第 {number} 个框的剥离轨迹：向右更简单，向上更纯",
    },
    "discovery.plot.case": {"en": "{level} {outcome}", "zh": "{level}{outcome}"},
    "discovery.plot.not_case": {"en": "other points", "zh": "其他点"},
    "discovery.plot.box": {"en": "box {number} (found)", "zh": "第 {number} 个框（发现的）"},
    "discovery.plot.rule": {"en": "texts' rule", "zh": "教材的规则"},
    "discovery.plot.box_title": {
        "en": "Box {number}: density {density}, coverage {coverage}\n(other traits vary freely)",
        "zh": "第 {number} 个框：密度 {density}，覆盖率 {coverage}\n（其他特征自由变化）",
    },
    "discovery.html.sample": {
        "en": "{n} Latin-hypercube points (seed {seed}), each evaluated at every level by the "
              "analytic engine; the verdict holds at {share} of them.",
        "zh": "{n} 个拉丁超立方抽样点（种子 {seed}），每个点在每个关系层次下由解析引擎计算；"
              "结论在其中 {share} 的点成立。",
    },
    "discovery.html.h_boxes": {"en": "What the model finds (PRIM boxes)",
                               "zh": "模型的发现（PRIM 框）"},
    "discovery.html.h_rule": {"en": "The texts' rule beside the model",
                              "zh": "教材的规则与模型的对比"},
    "discovery.html.h_files": {"en": "Files", "zh": "文件"},
    "discovery.html.box": {"en": "box", "zh": "框"},
    "discovery.html.coverage": {"en": "coverage", "zh": "覆盖率"},
    "discovery.html.density": {"en": "density", "zh": "密度"},
    "discovery.html.mass": {"en": "mass", "zh": "质量"},
    "discovery.html.points": {"en": "points", "zh": "点数"},
    "discovery.html.measure.model_pays": {"en": "model: it pays", "zh": "模型：值得"},
    "discovery.html.measure.rule_pays": {"en": "rule: it pays", "zh": "规则：值得"},
    "discovery.html.measure.agreement": {"en": "agreement", "zh": "一致"},
    "discovery.html.measure.false_pays": {"en": "false \"pays\"", "zh": "错判为“值得”"},
    "discovery.html.measure.false_luxurious": {"en": "false \"luxurious\"",
                                               "zh": "错判为“奢侈”"},
    "discovery.html.measure.rule_density": {"en": "inside the rule's box: it pays",
                                            "zh": "规则框内：值得的比例"},
    "discovery.html.measure.rule_coverage": {"en": "where it pays: inside the rule's box",
                                             "zh": "值得的点中：落在规则框内的比例"},
    "cli.help.discover": {
        "en": "scenario discovery: where a level pays (or is luxurious) for a segment, as "
              "PRIM boxes beside the texts' rule; writes HTML and CSV",
        "zh": "情景发现：某关系层次对某客户群在哪些情况下值得（或奢侈），以 PRIM 框与教材规则"
              "对比；写出 HTML 和 CSV",
    },
    "cli.discover.start": {
        "en": "crmsim discover: '{name}', {segment}, {level}; {n} points, seed {seed}",
        "zh": "crmsim discover：“{name}”，{segment}，{level}；{n} 个点，种子 {seed}",
    },
    "cli.discover.wrote": {"en": "Wrote {page} and {n} other files in {seconds:.1f} s",
                           "zh": "已写入 {page} 及另外 {n} 个文件，用时 {seconds:.1f} 秒"},
    "dash.title": {"en": "crmsim · when do deeper relationships become luxurious?",
                   "zh": "crmsim · 更深的客户关系何时变得奢侈？"},
    "dash.intro": {"en": "Pick a segment and move its sliders: the other segments stay at "
                         "their planned level. Green: the step up pays; red: it is luxurious "
                         "(extra cost above extra return).",
                   "zh": "选择一个客户群并移动滑块，其他客户群保持计划中的关系层次。"
                         "绿色：升级关系值得；红色：升级关系是奢侈的（额外成本高于额外回报）。"},
    "dash.preset": {"en": "scenario", "zh": "情景"},
    "dash.presentation": {"en": "presentation mode", "zh": "演示模式"},
    "dash.reset": {"en": "reset", "zh": "重置"},
    "dash.discovery.button": {"en": "where does it pay? (discovery)",
                              "zh": "在哪些情况下值得？（情景发现）"},
    "dash.discovery.running": {"en": "Searching {n} combinations of the traits of {segment}…",
                               "zh": "正在搜索{segment}特征的 {n} 种组合……"},
    "dash.discovery.note": {
        "en": "{n} sampled combinations of the segment's traits (segment alone, account "
              "managers unlimited, seed {seed}).",
        "zh": "该客户群特征的 {n} 种抽样组合（单独分析该客户群，客户经理不受限，种子 {seed}）。",
    },
    "dash.segment": {"en": "segment", "zh": "客户群"},
    "dash.level": {"en": "level shown (occupancy)", "zh": "显示的关系层次（状态分布）"},
    "dash.switching_cost": {"en": "switching cost (转移成本)", "zh": "转移成本"},
    "dash.mutual_importance": {"en": "mutual importance (彼此具有重要意义)",
                               "zh": "彼此具有重要意义"},
    "dash.mutual_need": {"en": "mutual need (彼此需要)", "zh": "彼此需要"},
    "dash.customer_power": {"en": "customer's bargaining power (谈判能力)", "zh": "客户的谈判能力"},
    "dash.annual_wallet": {"en": "annual wallet per customer", "zh": "每位客户的年采购额"},
    "dash.verdicts": {"en": "Verdicts, each level against the next cheaper one:",
                      "zh": "结论（每个关系层次与下一个更便宜的层次相比）："},
    "dash.occupancy_title": {"en": "{segment} at {level}: customers by state",
                             "zh": "{segment}（{level}）：各状态的客户数"},
    "dash.map_title": {"en": "Best level for {segment}\n(scenario's staff; ○\u00a0=\u00a0now)",
                       "zh": "{segment}的最佳关系层次\n（按情景的人员；○\u00a0=\u00a0当前）"},
    "dash.cli.starting": {"en": "crmsim dashboard at {url} (Ctrl+C stops it)",
                          "zh": "crmsim 仪表板地址：{url}（按 Ctrl+C 停止）"},
    "dash.cli.public": {"en": "warning: listening on {ip}, so other computers on the network "
                              "can open the dashboard.",
                        "zh": "注意：正在监听 {ip}，网络上的其他计算机也能打开仪表板。"},
    "dash.busy_title": {"en": "Too many open dashboard pages", "zh": "打开的仪表板页面太多"},
    "dash.busy": {"en": "Too many open dashboard pages ({limit}, the limit): close a dashboard "
                        "tab, or wait a few minutes for idle pages to be freed, then reload this "
                        "page.",
                  "zh": "打开的仪表板页面太多（上限 {limit} 个）：请关闭一个仪表板标签页，"
                        "或等待几分钟让空闲页面释放，然后重新加载本页。"},
    "dash.busy_reload": {"en": "Reload", "zh": "重新加载"},
    "dash.stopped": {"en": "The dashboard has stopped: its controls no longer respond. Start it "
                           "again with crmsim dashboard, then reload this page.",
                     "zh": "仪表板已停止运行：控件不再响应。请用 crmsim dashboard 重新启动，"
                           "然后重新加载本页。"},
    # -- retention levers (crmsim.analysis.levers, crmsim.views.lever_plots) ---------------
    "lever.reminders": {"en": "follow-up reminders", "zh": "跟进提醒"},
    "lever.survey": {"en": "satisfaction survey", "zh": "满意度调查"},
    "lever.lost_analysis": {"en": "lost-customer analysis", "zh": "流失客户分析"},
    "lever.voucher": {"en": "gift voucher", "zh": "礼券"},
    "lever.call_centre": {"en": "call centre", "zh": "呼叫中心"},
    "lever.club": {"en": "customer club", "zh": "客户俱乐部"},
    "lever.after_sale": {"en": "after-sale touch points", "zh": "售后接触点"},
    "lever.extra_service": {"en": "extra service (VIP, important)",
                            "zh": "额外服务（贵宾、重要客户）"},
    "column.lever": {"en": "lever", "zh": "措施"},
    "column.lever_cost": {"en": "lever's cost", "zh": "措施的成本"},
    "column.revenue_change": {"en": "extra sales", "zh": "增加的销售额"},
    "column.buying_months_change": {"en": "extra buying months", "zh": "增加的购买月数"},
    "column.value_change": {"en": "change of value", "zh": "价值的变化"},
    "column.pays": {"en": "pays", "zh": "值得"},
    "plots.lever_payoffs.title": {"en": "Which lever pays for which segment?",
                                  "zh": "哪个措施对哪个客户群值得？"},
    "plots.lever_payoffs.segment": {"en": "{segment}\n({level})", "zh": "{segment}\n（{level}）"},
    "plots.lever_payoffs.colour": {"en": "change of value per customer\n(share of its value "
                                         "without the lever)",
                                   "zh": "每位客户价值的变化\n（占未采用措施时价值的比例）"},
    "plots.lever_payoffs.note": {"en": "In each cell: change of discounted profit per customer "
                                       "(currency); green pays, red does not.",
                                 "zh": "每格中的数字：每位客户贴现利润的变化（货币单位）；"
                                       "绿色值得，红色不值得。"},
}
"""Message key → {"en": English, "zh": simplified Chinese}."""
