// The calibration engine as the services' CalibrationEngine port.
import type { CalibrationEngine } from '../../../services/ports/calibration.ts';
import { detSvg } from './det-svg.ts';
import { calibrationTable, measureCalibration } from './measure.ts';

export const calibrationEngine: CalibrationEngine = { table: calibrationTable, measure: measureCalibration, detSvg };
