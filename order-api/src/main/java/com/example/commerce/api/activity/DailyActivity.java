package com.example.commerce.api.activity;

import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;
import java.util.List;

/** A day's activity, one page of its users; pages are numbered from 1. */
@Serdeable
public record DailyActivity(LocalDate date, List<UserDayActivity> users, int page, int size, long total) {
}
