use yew::prelude::*;

/// How to use the site: modes, scoring, keyboard use and privacy.
#[component]
pub fn HelpPage() -> Html {
    html! {
        <article class="page narrow prose" aria-labelledby="help-title">
            <h1 id="help-title">{ "How Rollback Lab works" }</h1>
            <h2>{ "What you practise" }</h2>
            <p>{ "Every deployment strategy has its own way back. Blue-green keeps the previous environment running so traffic can be \
                  pointed back at it; a canary exposes a small share of users and is aborted when its metrics turn bad; a rolling \
                  update is undone revision by revision; a model registry moves an alias back to the previous model; a database is \
                  restored from a snapshot, at the price of the writes made since. The questions and incidents here train each of them." }</p>
            <h2>{ "Question packs" }</h2>
            <p>{ "Each pack covers one topic. Questions come in six kinds: conceptual, command output, workflow ordering, \
                  troubleshooting, best practice and code output, from easy to expert. In a timed run each question has its own \
                  time limit and two attempts; a hint unlocks after the first miss, and every question ends with a worked solution, \
                  a quick check and the mistakes people usually make." }</p>
            <h2>{ "Incidents" }</h2>
            <p>{ "An incident starts a simulated cluster in the middle of a release and injects a failure. You act through a console \
                  that answers like kubectl and the other real tools, or through buttons. When you are done, a report grades the \
                  outcome, the order of your steps against the reference workflow, how fast you mitigated, how many requests failed \
                  meanwhile and whether you did anything dangerous." }</p>
            <h2>{ "Instructor sessions" }</h2>
            <p>{ "An instructor builds a timed challenge on the Instructor sessions page and shares it as a link: the whole session \
                  travels in the link itself. Learners open it, take the challenge and get a result code to send back; the instructor \
                  pastes the codes into the results dashboard for a leaderboard, per-question statistics and CSV files. A presenter \
                  view shows each question large on a projector." }</p>
            <h2>{ "Using the keyboard" }</h2>
            <p>{ "Everything works without a mouse. Tab moves between controls, and the first Tab on a page offers a link that skips \
                  straight to the content. In a question, 1–4 or A–D choose an option, Enter submits, H shows the hint and N \
                  moves on; ordering steps move with their up and down buttons. In an incident, the console keeps its history \
                  on the arrow keys and Tab completes commands." }</p>
            <h2>{ "Your data" }</h2>
            <p>{ "The site is static: it has no server-side part. Your progress stays in this browser's storage, and you can export it \
                  as a file. Instructors collect results as codes that learners paste or send them; nothing is uploaded." }</p>
        </article>
    }
}
