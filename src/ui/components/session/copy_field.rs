//! A text to hand on (a share link, a result code): shown selectable, with a copy button and,
//! when asked, a download as a file.

use yew::prelude::*;

use crate::ui::browser;

#[derive(Properties, PartialEq)]
pub struct CopyFieldProps {
    /// The element id of the text (its label points at it).
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// A file name: also offer the text as a download.
    #[prop_or_default]
    pub download: Option<AttrValue>,
}

/// The text in a read-only field (select it by hand where the Clipboard API is refused) and a
/// Copy button that says when it copied.
#[component]
pub fn CopyField(props: &CopyFieldProps) -> Html {
    let copied = use_state(|| false);
    let on_copy = {
        let copied = copied.clone();
        let value = props.value.clone();
        Callback::from(move |_: MouseEvent| {
            browser::copy_to_clipboard(&value);
            copied.set(true);
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        use wasm_bindgen::JsCast;
        if let Some(t) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            t.select();
        }
    });
    html! {
        <div class="copy-field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <textarea id={props.id.clone()} class="copy-text" readonly=true rows="3" spellcheck="false"
                value={props.value.clone()} onfocus={select_all} />
            <div class="copy-actions">
                <button type="button" class="button primary copy" onclick={on_copy}>{ "Copy" }</button>
                if let Some(name) = &props.download {
                    <a class="button download" download={name.clone()} href={browser::data_url("text/plain", &props.value)}>
                        { "Download as a file" }
                    </a>
                }
                <span class="copy-status" aria-live="polite">{ if *copied { "Copied to the clipboard." } else { "" } }</span>
            </div>
        </div>
    }
}
