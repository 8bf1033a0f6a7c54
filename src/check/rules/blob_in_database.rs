use super::prelude::*;
use crate::model::semantics::tag;

declare_rule! {
    /// ## What it does
    /// Finds media or files flowing into a SQL or NoSQL database: a write
    /// tagged `media`, or whose label speaks of images, video, files or
    /// attachments and not of their metadata or of a row, record, URL or
    /// key about them ("write photo row" stores a row); or a database tagged
    /// `media`. The finding says which words it read.
    ///
    /// ## Why is this bad?
    /// Large binary values bloat rows and backups, evict the hot working set
    /// from the database's memory, and make every replica copy them. Object
    /// storage is built for exactly this and costs a fraction. Guide 002:
    /// "Never store 5 MB images in Postgres rows", and "clearly object storage
    /// (S3/GCS) territory, not inline BLOB columns in OLTP." Guide 004 keeps
    /// "NOT the file data itself" in the metadata database.
    ///
    /// ## Example
    /// ```wb
    /// client   users  "Users"
    /// service  api    "Upload API" x2
    /// postgres db     "Photos DB" { replicas: 2 }
    /// users -> api: upload photo
    /// api -> db: insert photo bytes
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client   users  "Users"
    /// service  api    "Upload API" x2
    /// s3       photos "Photos"
    /// postgres db     "Photos DB" { replicas: 2 }
    /// users -> api: upload photo
    /// api -> photos: put photo
    /// api -> db: insert photo metadata
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 22
    ///   "Storage", line 1775; Part 3, line 117.
    /// - Guide 004, *High-Level Design*, note 44 "File Storage" (line 6346) and
    ///   section 3.5 (R-BLOB-IN-DB).
    BlobInDatabase, "blob-in-database", Warning
}

impl Check for BlobInDatabase {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components_of(DATABASES) {
            if cx.tagged(node, &["media", "files", "blobs"]) {
                findings.push(
                    cx.at_component(&Self::META, node, format!("{} is tagged as holding media", cx.name(node)))
                        .suggest("keep the bytes in a blob store (`s3 media`) and only their keys and metadata here"),
                );
                continue;
            }
            for (edge, _, from) in cx.incoming(node) {
                let media = cx.flow_meaning(edge).and_then(|m| m.tag(tag::MEDIA));
                let Some(media) = media.filter(|_| !cx.is_read(edge)) else {
                    continue;
                };
                let because = media
                    .source
                    .explain()
                    .map_or_else(String::new, |why| format!(" ({why})"));
                findings.push(
                    cx.at_flow(&Self::META, edge, format!("`{}` writes media or files into {}{because}", cx.id(from), cx.name(node)))
                        .suggest(format!(
                            "write the bytes to a blob store (`s3 media`) and store only the key and metadata in `{}`",
                            component.id
                        )),
                );
            }
        }
    }
}
