//! What a caller or a grid worker says: a report's description in the
//! words a 12345 caller (来电反映 / 来电咨询 / 来电投诉) or a grid worker
//! (巡查发现 / 走访发现 / 上报) would use for its category. A text names
//! the item's own caller or the grid's worker and the item's own address,
//! so it never disagrees with the fields beside it; a question names no
//! place and asks for nothing to be fixed. Each shipped category's text
//! holds one of its keywords, as a real caller's words would.

use super::place::{SimRng, below};
use crate::model::{Category, Priority};

/// `{who}`: the caller's name; `{addr}`: the item's address.
const CALLER: &[(&str, &[&str])] = &[
    (
        "H01",
        &[
            "{who}来电反映：家住{addr}，这几天暖气不热，室温只有十四五度，家里有老人孩子，希望供热单位尽快上门检查。",
            "{who}来电反映：{addr}整个单元的暖气片都是冰凉的，已经好几天了，请供热单位尽快处理。",
        ],
    ),
    (
        "H02",
        &[
            "{who}来电反映：{addr}从早上开始停水，事先没看到通知，希望尽快恢复供水。",
            "{who}来电反映：家住{addr}，自来水发黄，放一会儿也不清，担心水质有问题，请供水单位检测。",
        ],
    ),
    (
        "H03",
        &[
            "{who}来电反映：{addr}突然停电，已经两个多小时了，没看到停电通知，请供电公司尽快抢修。",
            "{who}来电反映：家住{addr}，这周家里总是跳闸断电，冰箱里的东西都坏了，请供电部门查一查线路。",
        ],
    ),
    (
        "H04",
        &[
            "{who}来电反映：家住{addr}，燃气灶点不着，燃气表里还有余额，请燃气公司派人上门查看。",
            "{who}来电反映：家住{addr}，燃气费已经交了，一周了还没给开栓，请燃气公司尽快安排。",
        ],
    ),
    (
        "H05",
        &[
            "{who}来电反映：{addr}楼下商铺的音响太响，每天放到半夜，严重扰民，希望有关部门管一管。",
            "{who}来电反映：{addr}旁边的广场舞音乐声太大，晚上十点以后还在跳，影响休息。",
        ],
    ),
    (
        "H06",
        &[
            "{who}来电反映：{addr}楼下烧烤店油烟直排，熏得家里不敢开窗，希望有关部门查处。",
            "{who}来电反映：{addr}周边一到晚上就有刺鼻的气味，不知道从哪来的，请有关部门查明。",
        ],
    ),
    (
        "H07",
        &[
            "{who}来电咨询：明年就退休了，领取养老金需要办哪些手续。",
            "{who}来电咨询：在外地住院的医疗费用回来怎么报销，需不需要先备案。",
        ],
    ),
    (
        "H08",
        &[
            "{who}来电投诉：在{addr}一家健身房办了预付卡，现在店关门了，商家联系不上，希望帮助维权。",
            "{who}来电投诉：在{addr}的商店买的电饭煲用了两天就坏了，商家不给退货。",
        ],
    ),
    (
        "H09",
        &[
            "{who}来电反映：昨天在{addr}一家饭店吃饭，回家后全家拉肚子，怀疑饭菜不干净，请市场监管部门调查。",
            "{who}来电反映：{addr}的超市货架上在卖过期的牛奶，希望相关部门查处。",
        ],
    ),
    (
        "H10",
        &["{who}来电投诉：带孩子去医院看病，挂号排了两个小时，医生态度差，问两句就不耐烦，希望督促改进。"],
    ),
    (
        "H11",
        &["{who}来电反映：去便民服务窗口办事，工作人员互相推诿，来回跑了三趟还没办成，希望有人管一管。"],
    ),
    (
        "H12",
        &[
            "{who}来电咨询：开无犯罪记录证明需要什么材料，在哪办。",
            "{who}来电咨询：孩子上学要把户口迁过来，怎么办理。",
        ],
    ),
];

/// `{who}`: the grid's worker; `{addr}`: the item's address.
const WORKER: &[(&str, &str)] = &[
    (
        "C01",
        "网格员{who}巡查发现：{addr}门前一处上水井盖破损下沉，行人容易踩空，已放置警示标志。",
    ),
    (
        "C02",
        "网格员{who}巡查发现：{addr}路边一处污水井盖缺失，井口敞开，已放置警示标志。",
    ),
    (
        "C03",
        "网格员{who}巡查发现：{addr}路口的雨水箅子被树叶和杂物堵死，下雨排不走水。",
    ),
    (
        "C04",
        "网格员{who}巡查发现：{addr}人行道上一处通信井盖破裂，已放置警示标志。",
    ),
    (
        "C05",
        "网格员{who}巡查发现：{addr}一段路灯连着几根灯不亮，晚上路面漆黑。",
    ),
    (
        "C06",
        "网格员{who}巡查发现：{addr}路口信号灯一直闪黄灯，车辆通行混乱。",
    ),
    (
        "C07",
        "网格员{who}巡查发现：{addr}路段护栏被撞倒两节，倒在非机动车道上。",
    ),
    (
        "C08",
        "网格员{who}巡查发现：{addr}路面破损，有一个半米宽的大坑，过往车辆颠簸。",
    ),
    ("C09", "网格员{who}巡查发现：{addr}路边的垃圾桶破损，盖子丢了。"),
    (
        "C10",
        "网格员{who}巡查发现：{addr}一棵行道树的大树枝被风刮断，悬在人行道上方。",
    ),
    (
        "C11",
        "网格员{who}巡查发现：{addr}楼后生活垃圾成堆，两天没人清运。",
    ),
    (
        "C12",
        "网格员{who}巡查发现：{addr}空地上堆着大量建筑垃圾和渣土，无人清理。",
    ),
    (
        "C13",
        "网格员{who}巡查发现：{addr}路段路面脏，有大片油污和泥土，需要清扫。",
    ),
    (
        "C14",
        "网格员{who}巡查发现：{addr}路段积水没过脚踝，行人车辆通行困难。",
    ),
    (
        "C15",
        "网格员{who}巡查发现：{addr}有住户在楼顶私自加盖彩钢房，还在继续搭。",
    ),
    ("C16", "网格员{who}巡查发现：{addr}旁边的河道水面漂着垃圾和死鱼。"),
    ("C17", "网格员{who}巡查发现：{addr}楼道和电线杆上贴满了小广告。"),
    (
        "C18",
        "网格员{who}巡查发现：{addr}一家商铺的广告牌松动，大风天有坠落危险。",
    ),
    (
        "C19",
        "网格员{who}巡查发现：{addr}旁边的工地裸土没苫盖，一刮风尘土飞扬。",
    ),
    ("C20", "网格员{who}巡查发现：{addr}路段施工挖路，占了半幅车道。"),
    (
        "C21",
        "网格员{who}巡查发现：{addr}路边有小贩摆摊占道经营，影响行人通行。",
    ),
    (
        "C22",
        "网格员{who}巡查发现：{addr}小区门口有车辆乱停，堵住了出入口。",
    ),
    (
        "C23",
        "网格员{who}上报：{addr}路面突然塌陷，出现一个两米多宽的坑，已拉起警戒，请立即处置。",
    ),
    (
        "C24",
        "网格员{who}上报：{addr}地下水管爆裂，路面冒水，已经漫到人行道。",
    ),
    (
        "C25",
        "网格员{who}上报：{addr}一处民房起火，冒烟很大，已拨打119，正在疏散周边群众。",
    ),
    (
        "C26",
        "网格员{who}上报：{addr}路口发生车祸，一名行人被车撞伤，已拨打110和120。",
    ),
    (
        "C27",
        "网格员{who}上报：{addr}一名男子突然晕倒在路边，意识不清，已拨打120。",
    ),
    (
        "G01",
        "网格员{who}走访发现：{addr}楼上楼下两户邻居因为漏水多次争吵，需要社区出面调解。",
    ),
    (
        "G02",
        "网格员{who}走访发现：{addr}小区居民和物业公司因物业费问题闹矛盾，居民意见较大。",
    ),
    (
        "G03",
        "网格员{who}走访发现：{addr}一家装修公司拖欠十几名工人三个月工资，工人情绪激动。",
    ),
    (
        "G04",
        "网格员{who}巡查发现：{addr}单元楼道堆物，纸箱杂物堵住了消防通道。",
    ),
    (
        "G05",
        "网格员{who}巡查发现：{addr}有住户从楼上拉电线下来，给电动车飞线充电。",
    ),
    (
        "G06",
        "网格员{who}上报：{addr}一户居民家中有明显的燃气味，敲门无人应答，已通知燃气公司。",
    ),
    (
        "G07",
        "网格员{who}巡查发现：{addr}一栋老楼外墙多处裂缝，墙皮脱落，疑似危房。",
    ),
    (
        "G08",
        "网格员{who}走访发现：{addr}一带近期多户居民家中失窃，夜间有可疑人员出没。",
    ),
    (
        "G09",
        "网格员{who}走访发现：{addr}一名精神障碍患者近日情绪不稳定，家属请求社区协助。",
    ),
    (
        "G10",
        "网格员{who}走访发现：{addr}一户居民因病生活困难，想申请救助。",
    ),
    (
        "G11",
        "网格员{who}走访发现：{addr}一位独居老人腿脚不便，没人照顾，需要定期上门看望。",
    ),
];

/// What caller `who` says about `category` at `address`.
pub fn caller(rng: &mut SimRng, category: &Category, who: &str, address: &str) -> String {
    let template = match CALLER.iter().find(|(code, _)| *code == category.code) {
        Some((_, texts)) => texts[below(rng, texts.len())].to_owned(),
        // A city's own category: a question, or a problem to look into.
        None if asks(category) => format!("{{who}}来电咨询{}方面的问题。", category.name),
        None => format!(
            "{{who}}来电反映：{{addr}}有{}的问题，希望有关部门处理。",
            category.name
        ),
    };
    fill(&template, who, address)
}

/// What grid worker `who` reports about `category` at `address`.
pub fn worker(category: &Category, who: &str, address: &str) -> String {
    let template = match WORKER.iter().find(|(code, _)| *code == category.code) {
        Some((_, text)) => (*text).to_owned(),
        None => format!(
            "网格员{{who}}巡查发现：{{addr}}有{}的问题，已拍照上报。",
            category.name
        ),
    };
    fill(&template, who, address)
}

/// A question rather than a problem: answered in the call, or an enquiry.
fn asks(category: &Category) -> bool {
    category.direct_answer || category.priority == Priority::P4
}

fn fill(template: &str, who: &str, address: &str) -> String {
    template.replace("{who}", who).replace("{addr}", address)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use rand::SeedableRng;

    fn city() -> crate::model::City {
        crate::data::embedded().expect("city")
    }

    fn every_text(category: &Category) -> Vec<String> {
        let mut rng = SimRng::seed_from_u64(1);
        if category.kind == Kind::Ticket {
            (0..20)
                .map(|_| caller(&mut rng, category, "孙女士", "第1社区解放路8号"))
                .collect()
        } else {
            vec![worker(category, "王小明", "第1社区解放路8号")]
        }
    }

    #[test]
    fn every_shipped_category_has_its_own_words() {
        for category in &city().categories {
            let table = if category.kind == Kind::Ticket {
                CALLER.iter().any(|(c, _)| *c == category.code)
            } else {
                WORKER.iter().any(|(c, _)| *c == category.code)
            };
            assert!(
                table,
                "{} {} has no text of its own",
                category.code, category.name
            );
            for text in every_text(category) {
                assert!(
                    category.keywords.iter().any(|k| text.contains(k.as_str())),
                    "{}: {text} holds none of {:?}",
                    category.code,
                    category.keywords
                );
            }
        }
    }

    #[test]
    fn a_question_names_no_place_and_asks_for_no_repair() {
        for category in city()
            .categories
            .iter()
            .filter(|c| c.kind == Kind::Ticket && asks(c))
        {
            for text in every_text(category) {
                assert!(text.contains("来电咨询"), "{text}");
                assert!(!text.contains("解放路") && !text.contains("附近"), "{text}");
                assert!(!text.contains("尽快处理"), "{text}");
            }
        }
    }

    #[test]
    fn texts_name_who_says_them_and_leave_no_placeholder() {
        for category in &city().categories {
            for text in every_text(category) {
                assert!(text.contains("孙女士") || text.contains("王小明"), "{text}");
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
            }
        }
    }

    #[test]
    fn a_category_the_city_adds_still_reads_right() {
        let mut category = city()
            .categories
            .into_iter()
            .find(|c| c.code == "H12")
            .expect("H12");
        category.code = "X01".into();
        category.name = "户籍办理".into();
        let mut rng = SimRng::seed_from_u64(2);
        assert_eq!(
            caller(&mut rng, &category, "李先生", "某地"),
            "李先生来电咨询户籍办理方面的问题。"
        );
        category.direct_answer = false;
        category.priority = Priority::P3;
        assert_eq!(
            caller(&mut rng, &category, "李先生", "某地1号"),
            "李先生来电反映：某地1号有户籍办理的问题，希望有关部门处理。"
        );
    }
}
