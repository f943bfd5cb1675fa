package com.example.commerce.api.activity;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.web.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Each user's log-ins, channel joins and messages posted on one day (UTC), as indexer-fn counted them from
 * platform.users.activity: a read model, a few seconds behind the events.
 */
@Controller("/api/admin/activity")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ActivityController {

    private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final ActivityRepository activity;

    public ActivityController(ActivityRepository activity) {
        this.activity = activity;
    }

    /** Users in user id order; {@code date} is required, as {@code YYYY-MM-DD}. */
    @Get
    public DailyActivity day(@QueryValue @Nullable String date, @QueryValue(defaultValue = "1") int page,
                             @QueryValue(defaultValue = "20") int size) {
        LocalDate day = parse(date);
        Pageable pageable = Paging.of(page, size, Sort.UNSORTED);
        return new DailyActivity(day, activity.findByDay(day, size, pageable.getOffset()), page, size,
                activity.countByDay(day));
    }

    private static LocalDate parse(@Nullable String date) {
        if (date == null || date.isBlank()) {
            throw ApiException.badRequest("invalid-date", "date is required, as YYYY-MM-DD", Map.of("field", "date"));
        }
        // Four-digit years from 0001 only: the day PostgreSQL stores is then the day that was asked for.
        if (DAY.matcher(date).matches()) {
            try {
                LocalDate day = LocalDate.parse(date);
                if (day.getYear() >= 1) {
                    return day;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw ApiException.badRequest("invalid-date", "date must be a day as YYYY-MM-DD", Map.of("field", "date"));
    }
}
