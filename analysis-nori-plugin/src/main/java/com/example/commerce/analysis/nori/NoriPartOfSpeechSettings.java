package com.example.commerce.analysis.nori;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.ListSetting;

import java.util.List;

/** The settings of {@code nori_part_of_speech}. */
@AnalysisSettings
public interface NoriPartOfSpeechSettings {

    /** Part-of-speech tags to drop (e.g. {@code J} particles, {@code E} endings); none given: Lucene's defaults. */
    @ListSetting(path = "stoptags")
    List<String> stoptags();
}
