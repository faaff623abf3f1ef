//! The promises under the harsher readings of what the service's answers mean: an edge 5xx or
//! 429 that never reached the chat, a gateway that gave up after the backend applied a request,
//! a timed-out request applied later, a network that is down. One behaviour per file.

#[path = "../common/scripted.rs"]
mod support;

mod emulated;

mod a_chat_request_whose_answer_was_lost_waits_out_the_orphan;
mod a_line_answered_by_a_gateway_is_not_sent_twice;
mod a_line_applied_late_is_not_sent_twice;
mod a_long_edge_outage_is_bounded_by_the_idle_timer;
mod a_lost_chat_is_known_soon_after_the_network_returns;
mod a_lost_chat_is_reported_as_timed_out;
mod a_refused_next_link_reads_from_the_cursor_and_warns_once;
mod a_resumed_ended_chat_settles_its_line;
mod an_absurd_event_id_neither_repeats_nor_hides_later_ones;
mod an_oversized_batch_is_read_in_parts;
mod debug_output_hides_the_app_key;
mod edge_outages_shorter_than_the_timeout_keep_the_chat;
mod hostile_numbers_never_panic;
mod last_update_is_the_servers_idle_clock;
mod links_that_leave_the_chat_are_refused;
mod not_sent_failures_do_not_move_the_keepalive;
mod reconciling_announces_no_retry_it_does_not_send;
mod retry_after_is_capped_and_an_unreadable_date_is_cautious;
mod retry_after_wins_except_one_probe_before_the_expiry;
mod the_domain_api_is_trusted_only_over_https_for_liveperson_hosts;
mod the_network_up_input_reads_at_once;
