import type { Command } from 'commander';
import { registerCampaign } from './campaign';
import { registerLab } from './lab';
import { registerServe } from './serve';
import { registerDiagnose } from './diagnose';
import { registerEpisodes } from './episodes';
import { registerModels } from './models';
import { registerEvaluateFiles } from './evaluateFiles';
import { registerStudy } from './study';
import { registerStudyExport } from './studyExport';
import { registerStudyLab } from './studyLab';
import { registerTrain } from './train';
import { registerImportCases } from './importCases';
import { registerEvaluateCases } from './evaluateCases';

/** Adds one subcommand (with its flags and action) to the root `culprit` program. */
export type CommandRegistrar = (program: Command) => void;

/**
 * Every `culprit` subcommand, in the order `culprit --help` lists them.
 * Each lives in its own file beside this one.
 */
export const commands: CommandRegistrar[] = [
  registerServe,
  registerDiagnose,
  registerEpisodes,
  registerTrain,
  registerModels,
  registerCampaign,
  registerLab,
  registerEvaluateFiles,
  registerStudy,
  registerStudyExport,
  registerStudyLab,
  registerImportCases,
  registerEvaluateCases,
];
