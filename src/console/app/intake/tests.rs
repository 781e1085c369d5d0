use super::*;
use crate::api::CategoryInfo;
use crate::model::{Priority, phone::LOCAL_AREA};

fn categories() -> Vec<CategoryInfo> {
    serde_json::from_value(serde_json::json!([
        {"code": "H01", "group": "城市管理", "name": "供热不热", "gloss": "", "kind": "ticket",
         "priority": "P2", "department": "heating"},
        {"code": "C26", "group": "公用设施", "name": "燃气", "gloss": "", "kind": "incident",
         "priority": "P1", "department": "gas"}
    ]))
    .expect("categories")
}

fn typed(form: &mut IntakeForm, field: Field, text: &str) {
    form.focus = field;
    for c in text.chars() {
        form.type_char(c);
    }
}

#[test]
fn tab_moves_round_the_fields_and_space_cycles_choices() {
    let mut form = IntakeForm::new(crate::model::Kind::Ticket);
    assert_eq!(form.focus, Field::Phone);
    form.step(true);
    form.step(true);
    assert_eq!(form.focus, Field::Channel);
    form.type_char(' ');
    assert_eq!(form.value(Field::Channel), "web");
    form.type_char('x');
    assert_eq!(form.value(Field::Channel), "web", "a choice takes no text");
    form.step(false);
    form.step(false);
    form.step(false);
    assert_eq!(form.focus, Field::Priority, "backwards wraps to the last field");
    assert!(!form.is_filled(), "channel alone is nothing to lose");
}

#[test]
fn every_field_says_what_is_wrong_before_anything_is_sent() {
    let mut form = IntakeForm::new(crate::model::Kind::Ticket);
    typed(&mut form, Field::Phone, "1380000");
    typed(&mut form, Field::Priority, "P7");
    assert!(
        form.check(&categories(), crate::present::i18n::Lang::En)
            .is_none()
    );
    for field in [
        Field::Phone,
        Field::Description,
        Field::Category,
        Field::Place,
        Field::Priority,
    ] {
        assert!(form.errors.contains_key(&field), "{field:?}: {:?}", form.errors);
    }
    assert_eq!(form.focus, Field::Phone, "the first problem has the cursor");
    typed(&mut form, Field::Phone, "1234");
    assert!(
        !form.errors.contains_key(&Field::Phone),
        "typing clears the field's error"
    );
}

#[test]
fn a_filled_form_makes_the_request_with_a_normalised_phone() {
    let mut form = IntakeForm::new(crate::model::Kind::Ticket);
    typed(&mut form, Field::Phone, "+86 138-0000-1234");
    typed(&mut form, Field::Name, "王女士");
    typed(&mut form, Field::Description, "家里暖气不热，室温只有12度");
    typed(&mut form, Field::Category, "h01");
    typed(&mut form, Field::Place, "太和区/新民街道/新民社区");
    typed(&mut form, Field::Address, "解放路12号");
    typed(&mut form, Field::Confidential, "y");
    typed(&mut form, Field::Channel, "  ");
    let req = form
        .check(&categories(), crate::present::i18n::Lang::En)
        .expect("request");
    assert_eq!(req.category, "H01");
    assert_eq!(req.title, "家里暖气不热，室温只有12度");
    assert_eq!(req.priority, None, "the category's default applies");
    let caller = req.caller.expect("caller");
    assert_eq!(caller.phone.as_deref(), Some("13800001234"));
    assert_eq!(caller.name.as_deref(), Some("王女士"));
    assert!(caller.confidential, "the caller asked not to be named");
    assert_eq!(
        caller.channel,
        crate::model::Channel::App,
        "space twice: phone → web → app"
    );
    assert_eq!(req.place.district.as_deref(), Some("太和区"));
    assert_eq!(req.place.street.as_deref(), Some("新民街道"));
    assert_eq!(req.place.address.as_deref(), Some("新民社区 解放路12号"));
    assert!(crate::model::phone::normalise("13800001234", LOCAL_AREA).is_ok());
}

#[test]
fn a_server_refusal_lands_at_the_field_it_names() {
    let mut form = IntakeForm::new(crate::model::Kind::Ticket);
    form.state = FormState::Sending;
    form.refused("unknown category \"Z99\"");
    assert_eq!(form.focus, Field::Category);
    assert!(form.errors.contains_key(&Field::Category));
    assert_eq!(form.state, FormState::Editing);
    form.refused("the server is shutting down");
    assert_eq!(form.error.as_deref(), Some("the server is shutting down"));
}

#[test]
fn named_fields_on_one_line_fill_the_same_form() {
    let form =
        parse_new("ticket h01 phone=13800001234 place=太和区/新民街道 priority=p2 供热不热， 室温12度")
            .expect("parsed");
    assert_eq!(form.kind, crate::model::Kind::Ticket);
    assert_eq!(form.value(Field::Category), "H01");
    assert_eq!(form.value(Field::Phone), "13800001234");
    assert_eq!(form.value(Field::Place), "太和区/新民街道");
    assert_eq!(form.value(Field::Description), "供热不热， 室温12度");
    let mut form = form;
    let req = form
        .check(&categories(), crate::present::i18n::Lang::En)
        .expect("request");
    assert_eq!(req.priority, Some(Priority::P2));
    let quoted = parse_new("incident C26 address=\"解放路 12 号\" 燃气味道很大").expect("parsed");
    assert_eq!(quoted.kind, crate::model::Kind::Incident);
    assert_eq!(quoted.value(Field::Address), "解放路 12 号");
    assert!(
        parse_new("ticket colour=red 供热").is_err(),
        "an unknown field is refused"
    );
    assert!(parse_new("ticket address=\"解放路").is_err());
}
