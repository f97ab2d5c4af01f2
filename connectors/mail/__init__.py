"""E-mail to applicants: a notification that there is news, never what the news is."""
