//! Dates as Hugo reads them from front matter.
//!
//! Hugo accepts ISO 8601 dates with an optional time and zone (`2022-07-30`,
//! `2022-07-30T14:00:00`, `2022-07-30 14:00`, `2022-07-30T14:00:00+08:00`, `…Z`) and a few
//! English forms with a month name (`30 Jul 2022`, `Jul 30, 2022`, RFC 1123). Anything else
//! stops the build. A string that has the ISO shape but names no real moment
//! (`2023-02-30`, `25:00`) is reported too: Hugo's parser rejects it as well.

/// What is wrong with a date string.
#[derive(Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Not a shape Hugo reads; the payload is a rewrite when one is certain.
    Format(Option<String>),
    /// The shape is right but the date or time does not exist.
    Impossible(String),
}

/// A date Hugo reads.
#[derive(Debug, PartialEq, Eq)]
pub struct HugoDate {
    /// Whether it carries a zone (`Z`, `+08:00`, ` UTC`).
    pub has_zone: bool,
}

/// Check `s` the way Hugo would.
pub fn parse(s: &str) -> Result<HugoDate, DateProblem> {
    let s = s.trim();
    if let Some(d) = parse_iso(s)? {
        return Ok(d);
    }
    if has_month_name(s) {
        return Ok(HugoDate { has_zone: true });
    }
    Err(DateProblem::Format(rewrite(s)))
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `Ok(None)` when `s` does not start like an ISO date at all.
fn parse_iso(s: &str) -> Result<Option<HugoDate>, DateProblem> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Ok(None);
    }
    let (Some(year), Some(month), Some(day)) = (
        s.get(..4).and_then(num),
        s.get(5..7).and_then(num),
        s.get(8..10).and_then(num),
    ) else {
        return Ok(None);
    };
    if !(1..=12).contains(&month) {
        return Err(DateProblem::Impossible(format!(
            "there is no month {month}"
        )));
    }
    let dim = days_in_month(year, month);
    if day == 0 || day > dim {
        return Err(DateProblem::Impossible(format!(
            "{} {year} has {dim} days",
            MONTHS[month as usize - 1]
        )));
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return Ok(Some(HugoDate { has_zone: false }));
    }
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return Err(DateProblem::Format(None));
    };
    // hh:mm[:ss[.fraction]]
    let tb = time.as_bytes();
    if tb.len() < 5 || tb[2] != b':' {
        return Err(DateProblem::Format(None));
    }
    let (Some(hour), Some(minute)) = (time.get(..2).and_then(num), time.get(3..5).and_then(num))
    else {
        return Err(DateProblem::Format(None));
    };
    let mut pos = 5;
    let mut second = 0;
    if tb.get(5) == Some(&b':') {
        let Some(sec) = time.get(6..8).and_then(num) else {
            return Err(DateProblem::Format(None));
        };
        second = sec;
        pos = 8;
        if tb.get(8) == Some(&b'.') {
            let digits = tb[9..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return Err(DateProblem::Format(None));
            }
            pos = 9 + digits;
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(DateProblem::Impossible(format!(
            "{hour:02}:{minute:02}:{second:02} is not a time of day"
        )));
    }
    let zone = &time[pos..];
    if zone.is_empty() {
        return Ok(Some(HugoDate { has_zone: false }));
    }
    if zone_ok(zone) {
        return Ok(Some(HugoDate { has_zone: true }));
    }
    Err(DateProblem::Format(None))
}

/// `Z`, `±hh:mm`, `±hhmm`, `±hh`, or a space and an abbreviation or offset (` UTC`, ` +0800`).
fn zone_ok(zone: &str) -> bool {
    if zone == "Z" || zone == "z" {
        return true;
    }
    if let Some(abbr) = zone.strip_prefix(' ') {
        return (2..=5).contains(&abbr.len()) && abbr.bytes().all(|b| b.is_ascii_uppercase())
            || zone_ok(abbr);
    }
    let Some(off) = zone.strip_prefix(['+', '-']) else {
        return false;
    };
    let digits: String = off.chars().filter(|c| *c != ':').collect();
    let shape_ok = matches!(off.len(), 2 | 4) || (off.len() == 5 && off.as_bytes()[2] == b':');
    shape_ok
        && num(&digits).is_some()
        && num(&digits[..2]).is_some_and(|h| h <= 14)
        && digits
            .get(2..)
            .is_none_or(|m| m.is_empty() || num(m).is_some_and(|m| m < 60))
}

fn has_month_name(s: &str) -> bool {
    let has_month = s.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        w.len() >= 3
            && MONTHS
                .iter()
                .any(|m| m.len() >= w.len() && m[..w.len()].eq_ignore_ascii_case(w))
    });
    let has_year = s.split(|c: char| !c.is_ascii_digit()).any(|w| w.len() == 4);
    has_month && has_year
}

/// A certain ISO rewrite of a year-first date with other separators or unpadded numbers
/// (`2022/7/30` → `2022-07-30`); day-first and month-first forms are ambiguous and left alone.
fn rewrite(s: &str) -> Option<String> {
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return None;
    }
    let (year, month, day) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    if parts[1].len() > 2 || parts[2].len() > 2 {
        return None;
    }
    let mut out = format!("{year:04}-{month:02}-{day:02}");
    if let Some(t) = time {
        out.push('T');
        out.push_str(t);
    }
    parse(&out).ok().map(|_| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_hugo_reads() {
        for ok in [
            "2022-07-30",
            "2022-07-30T14:00:00",
            "2022-07-30 14:00",
            "2022-07-30T14:00:00.123Z",
            "2022-07-30T14:00:00+08:00",
            "2022-07-30T14:00:00-0700",
            "2022-07-30 14:00:00 UTC",
            "2024-02-29",
            "30 Jul 2022",
            "Sat, 30 Jul 2022 14:00:00 CST",
            "July 30, 2022",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        assert!(!parse("2022-07-30T14:00:00").unwrap().has_zone);
        assert!(parse("2022-07-30T14:00:00Z").unwrap().has_zone);
    }

    #[test]
    fn rejects_the_rest() {
        assert_eq!(
            parse("2023-02-30"),
            Err(DateProblem::Impossible("February 2023 has 28 days".into()))
        );
        assert!(matches!(
            parse("2022-13-01"),
            Err(DateProblem::Impossible(_))
        ));
        assert!(matches!(
            parse("2022-07-30T25:00"),
            Err(DateProblem::Impossible(_))
        ));
        assert_eq!(
            parse("2022/7/30"),
            Err(DateProblem::Format(Some("2022-07-30".into())))
        );
        assert_eq!(
            parse("2022/07/30 14:00"),
            Err(DateProblem::Format(Some("2022-07-30T14:00".into())))
        );
        assert_eq!(parse("30/07/2022"), Err(DateProblem::Format(None)));
        assert_eq!(parse("tomorrow"), Err(DateProblem::Format(None)));
        assert_eq!(parse("2022-07-30T14"), Err(DateProblem::Format(None)));
        assert_eq!(parse("2022-07-30T14:00+8"), Err(DateProblem::Format(None)));
    }
}
