//! A QTI 1.2 package for Canvas (Course settings → Import course content → QTI .zip file):
//! `imsmanifest.xml` naming one resource of type `imsqti_xmlv1p2`, and the assessment XML with
//! one item per single-choice (`multiple_choice_question`) or select-all
//! (`multiple_answers_question`) question, per-option feedback and the explanation as general
//! feedback. Ordering questions, hints and ids beyond the item `ident` are not carried; the
//! export reports each skipped question.

use std::io::Write as _;

use super::xml::escape;
use super::{feedback_html, question_html};
use crate::pack::{Interaction, Pack, Question};

/// The assessment XML, and one line per question it cannot hold.
pub fn assessment(pack: &Pack) -> (String, Vec<String>) {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<questestinterop xmlns=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2\">\n");
    out.push_str(&format!("  <assessment ident=\"{}\" title=\"{}\">\n    <section ident=\"root_section\">\n", escape(&pack.id), escape(&pack.title)));
    let mut skipped = Vec::new();
    for q in &pack.questions {
        if q.interaction == Interaction::Ordering {
            skipped.push(format!("{}: ordering question skipped: Canvas's QTI 1.2 import has no ordering questions (use Moodle XML)", q.id));
            continue;
        }
        out.push_str(&item(q));
    }
    out.push_str("    </section>\n  </assessment>\n</questestinterop>\n");
    (out, skipped)
}

fn mattext(html: &str) -> String {
    format!("<material><mattext texttype=\"text/html\">{}</mattext></material>", escape(html))
}

fn item(q: &Question) -> String {
    let multiple = q.interaction == Interaction::Multiple;
    let qtype = if multiple { "multiple_answers_question" } else { "multiple_choice_question" };
    let mut out = format!("      <item ident=\"{}\" title=\"{}\">\n", escape(&q.id), escape(&q.title));
    out.push_str(&format!(
        "        <itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>question_type</fieldlabel><fieldentry>{qtype}</fieldentry></qtimetadatafield><qtimetadatafield><fieldlabel>points_possible</fieldlabel><fieldentry>1.0</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>\n"
    ));
    out.push_str(&format!("        <presentation>\n          {}\n", mattext(&question_html(q))));
    out.push_str(&format!("          <response_lid ident=\"response1\" rcardinality=\"{}\">\n            <render_choice>\n", if multiple { "Multiple" } else { "Single" }));
    for (i, o) in q.options.iter().enumerate() {
        out.push_str(&format!("              <response_label ident=\"{}-{i}\">{}</response_label>\n", escape(&q.id), mattext(&escape(&o.text))));
    }
    out.push_str("            </render_choice>\n          </response_lid>\n        </presentation>\n");
    out.push_str("        <resprocessing>\n          <outcomes><decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/></outcomes>\n");
    out.push_str("          <respcondition continue=\"Yes\"><conditionvar><other/></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>\n");
    for (i, o) in q.options.iter().enumerate() {
        if o.why.is_some() {
            out.push_str(&format!(
                "          <respcondition continue=\"Yes\"><conditionvar><varequal respident=\"response1\">{}-{i}</varequal></conditionvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"{}-{i}_fb\"/></respcondition>\n",
                escape(&q.id),
                escape(&q.id)
            ));
        }
    }
    let mut condition = String::new();
    if multiple {
        condition.push_str("<and>");
        for (i, o) in q.options.iter().enumerate() {
            let eq = format!("<varequal respident=\"response1\">{}-{i}</varequal>", escape(&q.id));
            condition.push_str(&if o.correct { eq } else { format!("<not>{eq}</not>") });
        }
        condition.push_str("</and>");
    } else if let Some(i) = q.options.iter().position(|o| o.correct) {
        condition = format!("<varequal respident=\"response1\">{}-{i}</varequal>", escape(&q.id));
    }
    out.push_str(&format!("          <respcondition continue=\"No\"><conditionvar>{condition}</conditionvar><setvar action=\"Set\" varname=\"SCORE\">100</setvar></respcondition>\n"));
    out.push_str("        </resprocessing>\n");
    out.push_str(&format!("        <itemfeedback ident=\"general_fb\"><flow_mat>{}</flow_mat></itemfeedback>\n", mattext(&feedback_html(q))));
    for (i, o) in q.options.iter().enumerate() {
        if let Some(why) = &o.why {
            out.push_str(&format!("        <itemfeedback ident=\"{}-{i}_fb\"><flow_mat>{}</flow_mat></itemfeedback>\n", escape(&q.id), mattext(&escape(why))));
        }
    }
    out.push_str("      </item>\n");
    out
}

/// `imsmanifest.xml` naming the assessment file.
pub fn manifest(pack: &Pack) -> String {
    let id = escape(&pack.id);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest identifier=\"rollback-lab-{id}\" xmlns=\"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1\">\n  <metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>\n  <organizations/>\n  <resources>\n    <resource identifier=\"{id}\" type=\"imsqti_xmlv1p2\">\n      <file href=\"{id}/{id}.xml\"/>\n    </resource>\n  </resources>\n</manifest>\n"
    )
}

/// The zip: the manifest and the assessment. Its bytes, and the skipped questions.
pub fn package(pack: &Pack) -> Result<(Vec<u8>, Vec<String>), String> {
    use zip::write::SimpleFileOptions;
    let (xml, skipped) = assessment(pack);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed date keeps the bytes (and the build's hashes) stable from one build to the next.
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).last_modified_time(zip::DateTime::default());
    for (name, text) in [("imsmanifest.xml".to_owned(), manifest(pack)), (format!("{0}/{0}.xml", pack.id), xml)] {
        zip.start_file(name.as_str(), options).map_err(|e| format!("{name}: {e}"))?;
        zip.write_all(text.as_bytes()).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok((zip.finish().map_err(|e| e.to_string())?.into_inner(), skipped))
}
