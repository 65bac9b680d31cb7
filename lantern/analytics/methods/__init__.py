"""Pure computation for hotspots and evaluation: numpy and scipy only, no Django.

- ``grid``: the British National Grid projection and regular grids in metres;
- ``kde``: kernel density by linear binning and FFT convolution;
- ``gistar``: Getis-Ord Gi* with sparse weights and a Benjamini-Hochberg FDR correction;
- ``cells``: counts per H3 cell; the hour-of-week matrix;
- ``snapped``: counts on police.uk's snap points, time-weighted (prospective) counts;
- ``measures``: hit rate, PAI, PEI, rate ratios with confidence intervals, the WDQ.
"""
