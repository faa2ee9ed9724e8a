"""Domain logic the views call: each module answers the questions of one page family."""
