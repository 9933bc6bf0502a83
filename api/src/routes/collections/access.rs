//! Storage of access to collections: the grants to members and groups (three flags each), and
//! the effective access they give. Combining grants is `AccessLevel::combine_all`, the one rule in
//! `portal_shared::collections`; nothing here decides which grant wins.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use portal_shared::FieldError;
use portal_shared::collections::{AccessFlags, AccessLevel, AccessSource, CollectionGrant, GroupGrant, MemberGrant};

use crate::db::DbConn;
use crate::db::schema::{
    collection_groups as cg, collection_members as cm, collections as c, group_members as gm, groups as g,
    organization_members as m, users,
};

type Flags = (bool, bool, bool);

/// A level from its stored flags.
pub fn level((read_only, hide_passwords, manage): Flags) -> AccessLevel {
    AccessLevel::from_flags(AccessFlags { read_only, hide_passwords, manage })
}

/// Which of `ids` are members of `org_id` (revoked ones included).
pub fn known_members(conn: &mut DbConn, org_id: &str, ids: &[String]) -> QueryResult<HashSet<String>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<String> =
        m::table.filter(m::organization_id.eq(org_id)).filter(m::id.eq_any(ids)).select(m::id).load(conn)?;
    Ok(found.into_iter().collect())
}

/// Which of `ids` are groups of `org_id`.
pub fn known_groups(conn: &mut DbConn, org_id: &str, ids: &[String]) -> QueryResult<HashSet<String>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<String> =
        g::table.filter(g::organization_id.eq(org_id)).filter(g::id.eq_any(ids)).select(g::id).load(conn)?;
    Ok(found.into_iter().collect())
}

/// Which of `ids` are collections of `org_id`.
pub fn known_collections(conn: &mut DbConn, org_id: &str, ids: &[String]) -> QueryResult<HashSet<String>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<String> =
        c::table.filter(c::organization_id.eq(org_id)).filter(c::id.eq_any(ids)).select(c::id).load(conn)?;
    Ok(found.into_iter().collect())
}

/// A `not_found` field error (`<list>.<n><suffix>`) for each id of the list not in `known`.
pub fn unknown<'a>(
    list: &str,
    suffix: &str,
    ids: impl Iterator<Item = &'a String>,
    known: &HashSet<String>,
) -> Vec<FieldError> {
    ids.enumerate()
        .filter(|(_, id)| !known.contains(*id))
        .map(|(i, _)| FieldError::new(format!("{list}.{i}{suffix}"), "not_found", "No such id in this organization."))
        .collect()
}

/// The direct member grants of the given collections: (collection id, grant).
pub fn member_grants(conn: &mut DbConn, collection_ids: &[String]) -> QueryResult<Vec<(String, MemberGrant)>> {
    let rows: Vec<(String, String, Flags)> = cm::table
        .filter(cm::collection_id.eq_any(collection_ids))
        .select((cm::collection_id, cm::member_id, (cm::read_only, cm::hide_passwords, cm::manage)))
        .order((cm::collection_id, cm::member_id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(c, member_id, f)| (c, MemberGrant { member_id, level: level(f) })).collect())
}

/// The group grants of the given collections: (collection id, grant).
pub fn group_grants(conn: &mut DbConn, collection_ids: &[String]) -> QueryResult<Vec<(String, GroupGrant)>> {
    let rows: Vec<(String, String, Flags)> = cg::table
        .filter(cg::collection_id.eq_any(collection_ids))
        .select((cg::collection_id, cg::group_id, (cg::read_only, cg::hide_passwords, cg::manage)))
        .order((cg::collection_id, cg::group_id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(c, group_id, f)| (c, GroupGrant { group_id, level: level(f) })).collect())
}

/// The collection grants of the given groups, in one query: group id -> grants.
pub fn grants_of_groups(conn: &mut DbConn, group_ids: &[String]) -> QueryResult<HashMap<String, Vec<CollectionGrant>>> {
    let rows: Vec<(String, String, Flags)> = cg::table
        .filter(cg::group_id.eq_any(group_ids))
        .select((cg::group_id, cg::collection_id, (cg::read_only, cg::hide_passwords, cg::manage)))
        .order((cg::group_id, cg::collection_id))
        .load(conn)?;
    let mut out: HashMap<String, Vec<CollectionGrant>> = HashMap::new();
    for (group_id, collection_id, f) in rows {
        out.entry(group_id).or_default().push(CollectionGrant { collection_id, level: level(f) });
    }
    Ok(out)
}

/// Replaces a collection's direct member grants.
pub fn replace_member_grants(
    conn: &mut DbConn,
    collection_id: &str,
    grants: &[MemberGrant],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(cm::table.filter(cm::collection_id.eq(collection_id))).execute(conn)?;
    for grant in grants {
        let f = grant.level.flags();
        diesel::insert_into(cm::table)
            .values((
                cm::collection_id.eq(collection_id),
                cm::member_id.eq(&grant.member_id),
                cm::read_only.eq(f.read_only),
                cm::hide_passwords.eq(f.hide_passwords),
                cm::manage.eq(f.manage),
                cm::created_at.eq(now),
                cm::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Replaces a collection's group grants.
pub fn replace_group_grants(
    conn: &mut DbConn,
    collection_id: &str,
    grants: &[GroupGrant],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(cg::table.filter(cg::collection_id.eq(collection_id))).execute(conn)?;
    for grant in grants {
        insert_group_grant(conn, collection_id, &grant.group_id, grant.level, now)?;
    }
    Ok(())
}

/// Replaces a group's collection grants.
pub fn replace_grants_of_group(
    conn: &mut DbConn,
    group_id: &str,
    grants: &[CollectionGrant],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(cg::table.filter(cg::group_id.eq(group_id))).execute(conn)?;
    for grant in grants {
        insert_group_grant(conn, &grant.collection_id, group_id, grant.level, now)?;
    }
    Ok(())
}

fn insert_group_grant(
    conn: &mut DbConn,
    collection_id: &str,
    group_id: &str,
    level: AccessLevel,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let f = level.flags();
    diesel::insert_into(cg::table)
        .values((
            cg::collection_id.eq(collection_id),
            cg::group_id.eq(group_id),
            cg::read_only.eq(f.read_only),
            cg::hide_passwords.eq(f.hide_passwords),
            cg::manage.eq(f.manage),
            cg::created_at.eq(now),
            cg::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Every grant that reaches `member_id` in `org_id`, direct and through its groups, by
/// collection: collection id -> (name, sources). Empty for a revoked member (their rows stay).
pub fn sources_of_member(
    conn: &mut DbConn,
    org_id: &str,
    member_id: &str,
) -> QueryResult<BTreeMap<String, (String, Vec<AccessSource>)>> {
    let revoked: Option<Option<NaiveDateTime>> = m::table
        .filter(m::organization_id.eq(org_id))
        .filter(m::id.eq(member_id))
        .select(m::revoked_at)
        .first(conn)
        .optional()?;
    let mut out: BTreeMap<String, (String, Vec<AccessSource>)> = BTreeMap::new();
    if !matches!(revoked, Some(None)) {
        return Ok(out);
    }
    let direct: Vec<(String, String, Flags)> = cm::table
        .inner_join(c::table)
        .filter(cm::member_id.eq(member_id))
        .filter(c::organization_id.eq(org_id))
        .select((cm::collection_id, c::name, (cm::read_only, cm::hide_passwords, cm::manage)))
        .load(conn)?;
    for (collection_id, name, f) in direct {
        out.entry(collection_id).or_insert_with(|| (name, Vec::new())).1.push(AccessSource {
            group_id: None,
            group_name: None,
            level: level(f),
        });
    }
    let via_groups: Vec<(String, String, String, String, Flags)> = cg::table
        .inner_join(c::table)
        .inner_join(g::table)
        .inner_join(gm::table.on(gm::group_id.eq(cg::group_id)))
        .filter(gm::member_id.eq(member_id))
        .filter(c::organization_id.eq(org_id))
        .select((cg::collection_id, c::name, g::id, g::name, (cg::read_only, cg::hide_passwords, cg::manage)))
        .order((g::name, g::id))
        .load(conn)?;
    for (collection_id, name, group_id, group_name, f) in via_groups {
        out.entry(collection_id).or_insert_with(|| (name, Vec::new())).1.push(AccessSource {
            group_id: Some(group_id),
            group_name: Some(group_name),
            level: level(f),
        });
    }
    Ok(out)
}

/// The effective level of `member_id` on each collection they reach (none when revoked).
pub fn levels_of_member(conn: &mut DbConn, org_id: &str, member_id: &str) -> QueryResult<HashMap<String, AccessLevel>> {
    Ok(sources_of_member(conn, org_id, member_id)?
        .into_iter()
        .filter_map(|(id, (_, sources))| AccessLevel::combine_all(sources.iter().map(|s| s.level)).map(|l| (id, l)))
        .collect())
}

/// One unrevoked member who reaches a collection, with every grant.
pub struct Reacher {
    /// The member's id.
    pub member_id: String,
    /// The member's email.
    pub email: String,
    /// The account's name.
    pub name: Option<String>,
    /// The grants.
    pub sources: Vec<AccessSource>,
}

/// Every unrevoked member who reaches `collection_id`, directly or through groups, by email.
pub fn reachers_of_collection(conn: &mut DbConn, collection_id: &str) -> QueryResult<Vec<Reacher>> {
    let direct: Vec<(String, String, Option<String>, Flags)> = cm::table
        .inner_join(m::table)
        .left_join(users::table.on(users::id.nullable().eq(m::user_id)))
        .filter(cm::collection_id.eq(collection_id))
        .filter(m::revoked_at.is_null())
        .select((m::id, m::email, users::name.nullable(), (cm::read_only, cm::hide_passwords, cm::manage)))
        .load(conn)?;
    let via_groups: Vec<(String, String, Option<String>, String, String, Flags)> = cg::table
        .inner_join(g::table)
        .inner_join(gm::table.on(gm::group_id.eq(cg::group_id)))
        .inner_join(m::table.on(m::id.eq(gm::member_id)))
        .left_join(users::table.on(users::id.nullable().eq(m::user_id)))
        .filter(cg::collection_id.eq(collection_id))
        .filter(m::revoked_at.is_null())
        .select((
            m::id,
            m::email,
            users::name.nullable(),
            g::id,
            g::name,
            (cg::read_only, cg::hide_passwords, cg::manage),
        ))
        .order((g::name, g::id))
        .load(conn)?;
    let mut by_member: BTreeMap<(String, String), Reacher> = BTreeMap::new();
    for (member_id, email, name, f) in direct {
        let source = AccessSource { group_id: None, group_name: None, level: level(f) };
        by_member
            .entry((email.clone(), member_id.clone()))
            .or_insert_with(|| Reacher { member_id, email, name, sources: Vec::new() })
            .sources
            .push(source);
    }
    for (member_id, email, name, group_id, group_name, f) in via_groups {
        let source = AccessSource { group_id: Some(group_id), group_name: Some(group_name), level: level(f) };
        by_member
            .entry((email.clone(), member_id.clone()))
            .or_insert_with(|| Reacher { member_id, email, name, sources: Vec::new() })
            .sources
            .push(source);
    }
    Ok(by_member.into_values().collect())
}
