#include "credit/followup.h"

#include <assert.h>

const struct followup_bucket followup_buckets[FOLLOWUP_BUCKETS] = {
	{"1-30", 1, 30},      {"31-90", 31, 90},     {"91-180", 91, 180},
	{"181-360", 181, 360}, {"over-360", 361, 0},
};

int followup_days_overdue(td_date due_on, td_date on)
{
	return on - due_on;
}

int followup_bucket_of(int days)
{
	for (int b = 0; b < FOLLOWUP_BUCKETS - 1; b++)
		if (days <= followup_buckets[b].max_days)
			return b;
	return FOLLOWUP_BUCKETS - 1;
}

td_date followup_next_session(td_date from, int meeting_day)
{
	assert(meeting_day >= 1 && meeting_day <= 28 && "a point's meeting day is 1..28");
	struct td_civil c = date_to_civil(from);
	td_date first = from - (c.day - 1);
	td_date day = first + (meeting_day - 1);
	return day >= from ? day : date_add_months(day, 1);
}
