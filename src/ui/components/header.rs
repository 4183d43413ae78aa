use yew::prelude::*;

use super::nav_link::NavLink;
use super::theme_toggle::ThemeToggle;
use crate::ui::route::Route;

/// The site header: product name, navigation and the theme toggle.
pub fn header() -> Html {
    html! {
        <header class="site-header">
            <NavLink to={Route::Home} classes="brand">
                <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
                    <path d="M21 10a8 8 0 1 1-10.6 1.2" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round"/>
                    <path d="M7 7v6h6" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
                </svg>
                <span>{ "Rollback Lab" }</span>
            </NavLink>
            <nav aria-label="Main">
                <ul>
                    <li><NavLink to={Route::Home}>{ "Home" }</NavLink></li>
                    <li><NavLink to={Route::Packs}>{ "Packs" }</NavLink></li>
                    <li><NavLink to={Route::Incidents}>{ "Incidents" }</NavLink></li>
                    <li><NavLink to={Route::Review}>{ "Review" }</NavLink></li>
                    <li><NavLink to={Route::Badges}>{ "Badges" }</NavLink></li>
                    <li><NavLink to={Route::Help}>{ "Help" }</NavLink></li>
                </ul>
            </nav>
            <ThemeToggle />
        </header>
    }
}
